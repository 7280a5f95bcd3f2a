import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { postToPlatform } from '../adapters/webhooks/platform-client';
import { logger, metrics, tracer } from '../commons/powertools';
import { handOverCallback } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';
import type { BusEnvelope } from '../use-cases/webhooks';

/**
 * The callback queue's worker: each message is a `CallbackRequested` (asap) or `CallbackDue`
 * event; the callback is handed to the telephony platform. A platform that does not answer makes
 * the message come back (visibility timeout), then reach the dead-letter queue, which alarms.
 */
async function handOver(record: SQSRecord): Promise<void> {
  const event = JSON.parse(record.body) as BusEnvelope;
  const callbackId = (event.detail?.data as { callbackId?: unknown } | undefined)?.callbackId;
  if (typeof callbackId !== 'string') throw new Error(`Message ${record.messageId} is not a callback event`);
  const outcome = await handOverCallback({ ...defaultDependencies(), post: postToPlatform }, callbackId, event.detail.metadata.correlationId);
  metrics.addMetric(outcome === 'handed_over' ? 'CallbacksHandedOver' : 'DuplicateDeliveries', MetricUnit.Count, 1);
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  // A processor per invocation: see escalation-worker.ts.
  .handler(async (event, context) => processPartialResponse(event, handOver, new BatchProcessor(EventType.SQS), { context }));
