import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableStreamTrigger } from '../../definition/functions';
import { deadLetterQueue, depthAlarm } from './dead-letter-queue';

export interface TableStreamTriggerProps {
  readonly fn: lambda.IFunction;
  readonly table: dynamodb.ITableV2;
  readonly trigger: TableStreamTrigger;
  readonly retain: boolean;
}

/**
 * The table stream → function mapping, as declared: filtered, batched, partial batch failures
 * reported, and retried until the record expires (24 h), so a bus outage shorter than that loses
 * nothing. Records that do expire unpublished land (as metadata) in an on-failure queue that
 * alarms.
 */
export class TableStreamMapping extends Construct {
  public readonly mapping: lambda.EventSourceMapping;
  public readonly onFailure: sqs.Queue;
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: TableStreamTriggerProps) {
    super(scope, id);
    this.onFailure = deadLetterQueue(this, 'OnFailure', { retain: props.retain, purpose: 'the on-failure destination of the table stream mapping' });
    props.table.grantStreamRead(props.fn);
    this.onFailure.grantSendMessages(props.fn);
    this.mapping = new lambda.EventSourceMapping(this, 'Mapping', {
      target: props.fn,
      eventSourceArn: props.table.tableStreamArn!,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.trigger.batchSize,
      maxBatchingWindow: Duration.seconds(props.trigger.maxBatchingWindowSeconds),
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      // retryAttempts and maxRecordAge stay unset: unlimited, bounded by the stream's 24 h.
      filters: [{ pattern: JSON.stringify(props.trigger.filter) }],
      onFailure: new SqsDlq(this.onFailure),
    });
    this.alarms = [
      depthAlarm(this, 'OnFailureAlarm', this.onFailure, 'Stream records expired before the relay could publish their events'),
      new cloudwatch.Alarm(this, 'IteratorAgeAlarm', {
        alarmDescription: 'The outbox relay is more than 5 minutes behind the table: events reach consumers late. See docs/runbook.md.',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Lambda',
          metricName: 'IteratorAge',
          dimensionsMap: { FunctionName: props.fn.functionName },
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        threshold: 5 * 60 * 1000,
        evaluationPeriods: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
  }
}
