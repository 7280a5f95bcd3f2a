import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableStreamTrigger } from '../../../functions/definition/functions';

export interface TableStreamMappingProps {
  /** The declared name of the function, for the alarms. */
  readonly name: string;
  readonly fn: lambda.IFunction;
  readonly table: dynamodb.ITableV2;
  /** The function's declared `tableStream` trigger. */
  readonly trigger: TableStreamTrigger;
  /** The stream failure queue (encrypted, alarmed by the stack): where exhausted batches are described. */
  readonly onFailure: sqs.IQueue;
}

/**
 * A table stream → function mapping, as declared: filtered (the declared pattern, verbatim),
 * batched, partial batch failures reported, retried up to the declared attempts, bisected on
 * error as declared, and exhausted batches described (shard, sequence range; not copied) in the
 * stream failure queue. The iterator age alarm says when the function falls behind the stream.
 * The local stream trigger (local/stream-trigger.ts) applies the same declaration.
 *
 * Why bounded retries do not lose events in a bus outage: see the declaration's `retry` in
 * functions/definition/functions.ts and functions/relay/relay.ts.
 *
 * @example
 * new TableStreamMapping(stack, 'OutboxRelayTrigger', { name: 'outboxRelay', fn, table, trigger: functions.outboxRelay.trigger, onFailure });
 */
export class TableStreamMapping extends Construct {
  public readonly mapping: lambda.EventSourceMapping;
  public readonly onFailure: sqs.IQueue;
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: TableStreamMappingProps) {
    super(scope, id);
    const { trigger } = props;
    this.onFailure = props.onFailure;
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
      bisectBatchOnError: trigger.retry.bisectOnError,
      retryAttempts: trigger.retry.maxAttempts,
      // maxRecordAge stays unset (unlimited): the attempts are the bound, and the stream's 24 h.
      // The declared pattern as JSON, so the template (and the local runtime) use it verbatim.
      filters: [{ pattern: JSON.stringify(trigger.filter) }],
      onFailure: new SqsDlq(this.onFailure),
    });
    this.alarms = [
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
