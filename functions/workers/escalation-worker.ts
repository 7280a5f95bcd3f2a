import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, metrics, tracer } from '../commons/powertools';
import type { EventMetadata } from '../domain/events';
import { defaultDependencies } from '../wiring/dependencies';
import { assignEscalation } from '../use-cases/escalations';

/**
 * An escalation queue's worker. Each message is an `EscalationRequested` event as the bus
 * delivered it. Failed messages are reported one by one (partial batch response): they come
 * back after the visibility timeout and reach the dead-letter queue after maxReceiveCount,
 * without holding up the rest of the batch.
 */
async function assign(record: SQSRecord): Promise<void> {
  const event = JSON.parse(record.body) as { detail?: { metadata?: EventMetadata; data?: { escalationId?: unknown } } };
  const escalationId = event.detail?.data?.escalationId;
  if (typeof escalationId !== 'string') throw new Error(`Message ${record.messageId} is not an EscalationRequested event`);
  const outcome = await assignEscalation(defaultDependencies(), escalationId, event.detail?.metadata?.correlationId ?? record.messageId);
  metrics.addMetric(outcome === 'assigned' ? 'EscalationsAssigned' : 'DuplicateDeliveries', MetricUnit.Count, 1);
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  // A processor per invocation: it holds the batch's state, and the local runtime runs several
  // invocations of one worker at once in a single process (Lambda never does).
  .handler(async (event, context) => processPartialResponse(event, assign, new BatchProcessor(EventType.SQS), { context }));
