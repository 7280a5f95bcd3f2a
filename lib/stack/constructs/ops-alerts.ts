import { ArnFormat, Aspects, type IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import type { ClientConfig } from '../../config/client-config';
import { deadLetterQueue, depthAlarm } from './dead-letter-queue';

export interface OpsAlertsProps {
  readonly clientId: string;
  /** The client config's `alerts`: who is told. */
  readonly alerts: ClientConfig['alerts'];
  readonly retain: boolean;
}

/**
 * Where every alarm of the stack goes: one SNS topic, encrypted with a key of the stack (CloudWatch
 * cannot publish to a topic under the AWS-managed SNS key), TLS-only, subscribed by the ops
 * e-mail addresses and the on-call tool's HTTPS endpoints of the client config; what SNS could
 * not deliver to a subscriber goes to a dead-letter queue that alarms.
 *
 * `alarmsOf(scope)` puts the topic on the ALARM and OK actions of every alarm under `scope`,
 * at synth time (an Aspect), so an alarm added anywhere later cannot forget it.
 *
 * @example
 * const alerts = new OpsAlerts(stack, 'Alerts', { clientId, alerts: config.alerts, retain });
 * alerts.alarmsOf(stack);
 */
export class OpsAlerts extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  public readonly undelivered: sqs.Queue;
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: OpsAlertsProps) {
    super(scope, id);
    const { account } = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the alarm notifications of support-${props.clientId}`,
      enableKeyRotation: true,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // CloudWatch encrypts what it publishes to the topic with this key, for this account's alarms only.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `support-${props.clientId}-alerts`,
      displayName: `support-${props.clientId} alerts`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // The topic policy that enforceSSL creates replaces SNS's default one: let this account's
    // alarms publish explicitly.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: {
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // An alert SNS could not hand to a subscriber (the on-call tool down past SNS's retries) waits
    // here, and its own alarm tells the subscribers that still answer.
    this.undelivered = deadLetterQueue(this, 'Undelivered', { retain: props.retain, purpose: 'the dead-letter queue of the alert subscriptions' });
    this.alarms = [depthAlarm(this, 'UndeliveredAlarm', this.undelivered, 'Alerts SNS could not deliver to a subscriber (e-mail or on-call endpoint)')];
    const deadLetterQueueOption = { deadLetterQueue: this.undelivered };
    for (const email of props.alerts.emails) this.topic.addSubscription(new subscriptions.EmailSubscription(email, deadLetterQueueOption));
    for (const url of props.alerts.httpsEndpoints) {
      this.topic.addSubscription(new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS, ...deadLetterQueueOption }));
    }
  }

  /** Every alarm under `scope`, now or added later, notifies the topic when it fires and when it clears. */
  alarmsOf(scope: IConstruct): void {
    Aspects.of(scope).add(new AlarmActions(new cloudwatchActions.SnsAction(this.topic), this.topic.topicArn));
  }
}

/**
 * Adds the alert action to the ALARM and OK states of each alarm: through the L2 API for
 * `Alarm`/`CompositeAlarm`, and on the template properties for an alarm written as an L1.
 */
class AlarmActions implements IAspect {
  constructor(
    private readonly action: cloudwatch.IAlarmAction,
    private readonly topicArn: string,
  ) {}

  visit(node: IConstruct): void {
    if (node instanceof cloudwatch.AlarmBase) {
      node.addAlarmAction(this.action);
      node.addOkAction(this.action);
      return;
    }
    if ((node instanceof cloudwatch.CfnAlarm || node instanceof cloudwatch.CfnCompositeAlarm) && !(node.node.scope instanceof cloudwatch.AlarmBase)) {
      node.alarmActions = withTopic(node.alarmActions, this.topicArn);
      node.okActions = withTopic(node.okActions, this.topicArn);
    }
  }
}

function withTopic(actions: string[] | undefined, topicArn: string): string[] {
  const existing = actions ?? [];
  return existing.includes(topicArn) ? existing : [...existing, topicArn];
}
