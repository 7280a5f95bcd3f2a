import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RuleDefinition, RuleTarget } from '../../../functions/definition/rules';
import type { EventPattern } from '../../../functions/definition/event-pattern';
import type { WorkQueue } from '../../../functions/definition/queues';
import { pascalCase } from '../naming';
import { deadLetterQueue, depthAlarm } from './dead-letter-queue';

export interface SupportEventBusProps {
  readonly busName: string;
  readonly rules: Readonly<Record<string, RuleDefinition>>;
  readonly archive: { readonly pattern: EventPattern; readonly retentionDays: number };
  readonly logRetention: logs.RetentionDays;
  readonly retain: boolean;
  /** The queues that `queue` targets deliver to. */
  readonly queues: Readonly<Record<WorkQueue, sqs.IQueue>>;
}

/**
 * The client's event bus, its archive and the declared rules. Patterns are written to the
 * template exactly as declared (L1 rules: the L2 `EventPattern` type renames keys such as
 * `detail-type`), which is what the local bus matches. Every target has a dead-letter queue
 * that alarms; the event log is a CloudWatch log group written through its resource policy,
 * without the custom-resource Lambda of the L2 `CloudWatchLogGroup` target.
 *
 * @example
 * const { bus } = new SupportEventBus(stack, 'Events', { busName, rules, archive, queues, logRetention, retain });
 */
export class SupportEventBus extends Construct {
  public readonly bus: events.EventBus;
  public readonly eventLog: logs.LogGroup;
  public readonly targetDeadLetters: sqs.Queue;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: SupportEventBusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: props.busName });
    new events.CfnArchive(this, 'Archive', {
      sourceArn: this.bus.eventBusArn,
      description: 'Every support event, for replay (docs/runbook.md)',
      eventPattern: props.archive.pattern,
      retentionDays: props.archive.retentionDays,
    });

    this.eventLog = new logs.LogGroup(this, 'EventLog', {
      logGroupName: `/aws/events/${props.busName}`,
      retention: props.logRetention,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // EventBridge writes to CloudWatch Logs through the log group's resource policy (no custom
    // resource Lambda, unlike the CloudWatchLogGroup target helper).
    new logs.ResourcePolicy(this, 'EventLogPolicy', {
      policyStatements: [
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.eventLog.logGroupArn],
        }),
      ],
    });

    this.targetDeadLetters = deadLetterQueue(this, 'TargetDeadLetters', { retain: props.retain, purpose: 'the dead-letter queue of the bus rule targets' });
    this.alarms.push(depthAlarm(this, 'TargetDeadLettersAlarm', this.targetDeadLetters, 'Events the bus could not deliver to a rule target'));

    for (const [name, rule] of Object.entries(props.rules)) {
      const cfnRule = new events.CfnRule(this, `Rule${pascalCase(name)}`, {
        eventBusName: this.bus.eventBusName,
        description: rule.description,
        eventPattern: rule.pattern,
        targets: rule.targets.map((target, index) => ({
          id: `${target.kind}-${index}`,
          arn: this.targetArn(target, props.queues),
          deadLetterConfig: { arn: this.targetDeadLetters.queueArn },
          // EventBridge's maximums, written out: a target outage up to a day loses nothing.
          retryPolicy: { maximumEventAgeInSeconds: 24 * 3600, maximumRetryAttempts: 185 },
        })),
      });
      this.targetDeadLetters.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [this.targetDeadLetters.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': cfnRule.attrArn } },
        }),
      );
      for (const target of rule.targets) {
        if (target.kind !== 'queue') continue;
        props.queues[target.queue].addToResourcePolicy(
          new iam.PolicyStatement({
            principals: [new iam.ServicePrincipal('events.amazonaws.com')],
            actions: ['sqs:SendMessage'],
            resources: [props.queues[target.queue].queueArn],
            conditions: { ArnEquals: { 'aws:SourceArn': cfnRule.attrArn } },
          }),
        );
      }
    }
  }

  private targetArn(target: RuleTarget, queues: Readonly<Record<WorkQueue, sqs.IQueue>>): string {
    switch (target.kind) {
      case 'queue':
        return queues[target.queue].queueArn;
      case 'eventLog':
        // The target takes the log group ARN without the `:*` suffix that logGroupArn carries.
        return Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.eventLog.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
    }
  }
}
