import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableStreamTrigger } from '../../definition/functions';
import { deadLetterQueue, depthAlarm } from './dead-letter-queue';

export interface TableStreamMappingProps {
  /** The declared name of the function, for the alarms. */
  readonly name: string;
  readonly fn: lambda.IFunction;
  readonly table: dynamodb.ITableV2;
  /** The function's declared `tableStream` trigger. */
  readonly trigger: TableStreamTrigger;
  readonly retain: boolean;
}

/**
 * A table stream → function mapping, as declared: filtered (the declared pattern, verbatim),
 * batched, bisected on error, partial batch failures reported, and retried without limit until
 * the record leaves the stream (24 h), so a bus outage shorter than that loses nothing. Records
 * that do expire unprocessed are described (not copied) in an on-failure queue that alarms.
 *
 * @example
 * new TableStreamMapping(stack, 'OutboxRelayTrigger', { name: 'outboxRelay', fn, table, trigger: functions.outboxRelay.trigger, retain });
 */
export class TableStreamMapping extends Construct {
  public readonly mapping: lambda.EventSourceMapping;
  public readonly onFailure: sqs.Queue;
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: TableStreamMappingProps) {
    super(scope, id);
    const { trigger } = props;
    this.onFailure = deadLetterQueue(this, 'OnFailure', { retain: props.retain, purpose: 'the on-failure destination of the table stream mapping' });
    // The L2 mapping grants nothing on the source (DynamoEventSource would, but takes no raw
    // filter pattern); the on-failure destination grants SendMessage itself.
    props.table.grantStreamRead(props.fn);
    this.mapping = new lambda.EventSourceMapping(this, 'Mapping', {
      target: props.fn,
      eventSourceArn: props.table.tableStreamArn!,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: trigger.batchSize,
      maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      // Unlimited retries. maxRecordAge stays unset, which is unlimited too: the stream's 24 h
      // retention is the only bound.
      retryAttempts: -1,
      // The declared pattern as JSON, so the template (and the local runtime) use it verbatim.
      filters: [{ pattern: JSON.stringify(trigger.filter) }],
      onFailure: new SqsDlq(this.onFailure),
    });
    this.alarms = [
      depthAlarm(this, 'OnFailureAlarm', this.onFailure, `Table stream records expired before ${props.name} could process them`),
      new cloudwatch.Alarm(this, 'IteratorAgeAlarm', {
        alarmDescription: `${props.name} is more than 5 minutes behind the table stream: what it does for each write happens late. See docs/runbook.md.`,
        metric: props.fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
        threshold: 5 * 60 * 1000,
        evaluationPeriods: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
  }
}
