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
