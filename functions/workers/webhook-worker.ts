import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { documentClient } from '../adapters/dynamodb/client';
import { WebhookStore } from '../adapters/dynamodb/webhook-store';
import { webhookSigningSecret } from '../adapters/webhooks/signing-secret';
import { sendWebhook } from '../adapters/webhooks/webhook-sender';
import { logger, metrics, tracer } from '../commons/powertools';
import { required, settings } from '../commons/settings';
import { retryDelaySeconds } from '../domain/webhooks';
import { type BusEnvelope, deliverEvent, WebhookDeliveryFailed, type WebhookDependencies } from '../use-cases/webhooks';
import { sqsClient } from '../adapters/sqs/client';

let deps: WebhookDependencies | undefined;

function dependencies(): WebhookDependencies {
  deps ??= {
    deliveries: new WebhookStore(documentClient, required('TABLE_NAME')),
    targets: required('WEBHOOK_TARGETS'),
    secret: webhookSigningSecret,
    send: sendWebhook,
    now: () => new Date(),
  };
  return deps;
}

/**
 * The webhook queue's worker. A delivery that fails is reported as a batch item failure after
 * its message is set to come back later, further apart each time (10 s, 20 s, 40 s …): the
 * receiver gets time to recover, and after `webhooks.delivery.maxAttempts` the message goes to
 * the dead-letter queue, which alarms.
 */
async function deliver(record: SQSRecord): Promise<void> {
  const event = JSON.parse(record.body) as BusEnvelope;
  if (!event.detail?.metadata?.eventId) throw new Error(`Message ${record.messageId} is not a support event`);
  try {
    const outcome = await deliverEvent(dependencies(), event);
    metrics.addMetric('WebhooksDelivered', MetricUnit.Count, outcome.delivered.length);
  } catch (error) {
    if (error instanceof WebhookDeliveryFailed) {
      metrics.addMetric('WebhookAttemptsFailed', MetricUnit.Count, 1);
      await backOff(record);
    }
    throw error;
  }
}

async function backOff(record: SQSRecord): Promise<void> {
  const attempt = Number(record.attributes.ApproximateReceiveCount ?? 1);
  // After the last attempt, visible at once: its next receive moves it to the dead-letter queue.
  const lastAttempt = attempt >= (settings().WEBHOOK_MAX_ATTEMPTS ?? Infinity);
  const delay = lastAttempt ? 0 : retryDelaySeconds(attempt, settings().WEBHOOK_RETRY_BASE_SECONDS);
  await sqsClient
    .send(new ChangeMessageVisibilityCommand({ QueueUrl: required('WEBHOOK_QUEUE_URL'), ReceiptHandle: record.receiptHandle, VisibilityTimeout: delay }))
    .catch((error: unknown) => logger.warn('Could not delay the retry: the queue visibility timeout applies', { error }));
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  // A processor per invocation: see escalation-worker.ts.
  .handler(async (event, context) => processPartialResponse(event, deliver, new BatchProcessor(EventType.SQS), { context }));
