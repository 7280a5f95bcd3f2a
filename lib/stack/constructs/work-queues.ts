import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type QueueSettings, type WorkQueue, workQueues } from '../../../functions/definition/queues';
import { pascalCase } from '../naming';
import { deadLetterQueue, depthAlarm } from './dead-letter-queue';

export interface WorkQueuesProps {
  readonly settings: Readonly<Record<WorkQueue, QueueSettings>>;
  readonly retain: boolean;
}

/**
 * One SQS queue per declared work queue (functions/definition/queues.ts), with the client's visibility
 * timeout, a dead-letter queue after its maxReceiveCount, and alarms on dead letters and on
 * messages waiting longer than the queue's maximum wait.
 */
export class WorkQueues extends Construct {
  public readonly queues: Record<WorkQueue, sqs.Queue>;
  public readonly deadLetters: Record<WorkQueue, sqs.Queue>;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: WorkQueuesProps) {
    super(scope, id);
    const queues = {} as Record<WorkQueue, sqs.Queue>;
    const deadLetters = {} as Record<WorkQueue, sqs.Queue>;
    for (const name of workQueues) {
      const settings = props.settings[name];
      const label = pascalCase(name);
      deadLetters[name] = deadLetterQueue(this, `${label}DeadLetters`, { retain: props.retain, purpose: `the dead-letter queue of the ${name} queue` });
      queues[name] = new sqs.Queue(this, label, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: deadLetters[name], maxReceiveCount: settings.maxReceiveCount },
        removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      this.alarms.push(
        depthAlarm(this, `${label}DeadLettersAlarm`, deadLetters[name], `Messages of the ${name} queue that failed ${settings.maxReceiveCount} times`),
        new cloudwatch.Alarm(this, `${label}OldestMessageAlarm`, {
          alarmDescription: `A message has waited more than ${settings.maxWaitMinutes} minutes in the ${name} queue: raise the worker's maximum concurrency. See docs/runbook.md.`,
          metric: queues[name].metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
          threshold: settings.maxWaitMinutes * 60,
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
