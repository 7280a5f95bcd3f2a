import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type EscalationQueue, escalationQueues } from '../../../functions/domain/escalations';
import type { ClientConfig } from '../../config/client-config';
import { pascalCase } from '../naming';
import { deadLetterQueue, depthAlarm } from './dead-letter-queue';

export interface EscalationQueuesProps {
  readonly routing: ClientConfig['routing'];
  readonly retain: boolean;
}

/**
 * One SQS queue per escalation queue kind, with the client's visibility timeout, a dead-letter
 * queue after its maxReceiveCount, and alarms on dead letters and on messages waiting too long.
 */
export class EscalationQueues extends Construct {
  public readonly queues: Record<EscalationQueue, sqs.Queue>;
  public readonly deadLetters: Record<EscalationQueue, sqs.Queue>;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: EscalationQueuesProps) {
    super(scope, id);
    const queues = {} as Record<EscalationQueue, sqs.Queue>;
    const deadLetters = {} as Record<EscalationQueue, sqs.Queue>;
    for (const name of escalationQueues) {
      const settings = props.routing.queues[name];
      const label = pascalCase(name);
      deadLetters[name] = deadLetterQueue(this, `${label}DeadLetters`, { retain: props.retain, purpose: `the dead-letter queue of the ${name} escalation queue` });
      queues[name] = new sqs.Queue(this, label, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: deadLetters[name], maxReceiveCount: settings.maxReceiveCount },
        removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      this.alarms.push(
        depthAlarm(this, `${label}DeadLettersAlarm`, deadLetters[name], `Escalations of the ${name} queue that failed ${settings.maxReceiveCount} times`),
        new cloudwatch.Alarm(this, `${label}OldestMessageAlarm`, {
          alarmDescription: `An escalation has waited more than 15 minutes in the ${name} queue: raise the worker's maximum concurrency. See docs/runbook.md.`,
          metric: queues[name].metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
          threshold: 15 * 60,
          evaluationPeriods: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    this.queues = queues;
    this.deadLetters = deadLetters;
  }
}
