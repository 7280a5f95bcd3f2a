import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, metrics } from '../powertools';
import { powertoolsChain } from './chain';
import { MalformedMessage } from './messages';

export interface SqsWorkerOptions<D> {
  /** What the handler talks to, once per invocation (the use cases cache theirs per cold start). */
  dependencies: () => D;
  /**
   * Handles one message; throwing fails that message only. Read the body with parseBusEvent or
   * parseMessage (./messages.ts), never `JSON.parse(...) as X`. `about` is logged with a failure:
   * put ids in it (never personal data).
   */
  handle: (record: SQSRecord, deps: D, about: Record<string, unknown>) => Promise<void>;
}

/**
 * Builds the handler of an SQS-triggered worker, as httpHandler does for a route: the Powertools
 * chain, then Powertools batch processing with a partial batch response. Each message succeeds or
 * fails alone: a failed one is reported as a batch item failure, comes back after the visibility
 * timeout and reaches the dead-letter queue after maxReceiveCount (which alarms), without holding
 * up the rest of the batch. Every failure is logged with the message id (the batch response says
 * only which message failed, not why); a malformed message is also counted (`MalformedMessages`).
 */
export function sqsWorker<D>(options: SqsWorkerOptions<D>) {
  return powertoolsChain<SQSEvent, SQSBatchResponse>().handler(async (event, context) => {
    const deps = options.dependencies();
    const handleRecord = async (record: SQSRecord): Promise<void> => {
      const about: Record<string, unknown> = {};
      try {
        await options.handle(record, deps, about);
      } catch (error) {
        const at = { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount };
        if (error instanceof MalformedMessage) {
          metrics.addMetric('MalformedMessages', MetricUnit.Count, 1);
          logger.error('Malformed message: it is retried, then goes to the dead-letter queue', { ...at, ...about, field: error.field, reason: error.reason });
        } else {
          logger.error('Message failed: it comes back after the visibility timeout', { ...at, ...about, error });
        }
        throw error;
      }
    };
    // A processor per invocation: it holds the batch's state, and the local runtime runs several
    // invocations of one worker at once in a single process (Lambda never does). A batch whose
    // every message failed is reported like any other (each message a batch item failure, the
    // same retries) rather than thrown: one bad message alone in its batch is not a crash.
    return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false });
  });
}

export interface SqsBatchWorkerOptions<D, M> {
  dependencies: () => D;
  /** Reads one message (parseBusEvent, parseMessage); throwing fails that message alone. `about` as for sqsWorker. */
  parse: (record: SQSRecord, about: Record<string, unknown>) => M;
  /**
   * Handles the batch's well-formed messages together, in the batch's order; returns, for each,
   * the error that fails it (undefined: done). A message that failed comes back alone.
   */
  handleBatch: (messages: readonly M[], deps: D) => Promise<readonly (unknown | undefined)[]>;
}

/**
 * Like sqsWorker, for a worker that gains from handling a batch together (the KPI consumer writes
 * a batch's counts in one transaction): each message is parsed alone (a malformed one fails alone,
 * counted and logged as in sqsWorker), the rest are handled together, and the partial batch
 * response names each message that failed, logged with its ids and why.
 */
export function sqsBatchWorker<D, M>(options: SqsBatchWorkerOptions<D, M>) {
  return powertoolsChain<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const deps = options.dependencies();
    const failed: string[] = [];
    const parsed: { record: SQSRecord; message: M; about: Record<string, unknown> }[] = [];
    const at = (record: SQSRecord) => ({ messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount });
    for (const record of event.Records) {
      const about: Record<string, unknown> = {};
      try {
        parsed.push({ record, message: options.parse(record, about), about });
      } catch (error) {
        failed.push(record.messageId);
        if (error instanceof MalformedMessage) {
          metrics.addMetric('MalformedMessages', MetricUnit.Count, 1);
          logger.error('Malformed message: it is retried, then goes to the dead-letter queue', {
            ...at(record),
            ...about,
            field: error.field,
            reason: error.reason,
          });
        } else logger.error('Message failed: it comes back after the visibility timeout', { ...at(record), ...about, error });
      }
    }
    const errors =
      parsed.length > 0
        ? await options
            .handleBatch(
              parsed.map((p) => p.message),
              deps,
            )
            .catch((error: unknown) => parsed.map(() => error))
        : [];
    parsed.forEach(({ record, about }, i) => {
      if (errors[i] === undefined) return;
      failed.push(record.messageId);
      logger.error('Message failed: it comes back after the visibility timeout', { ...at(record), ...about, error: errors[i] });
    });
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  });
}
