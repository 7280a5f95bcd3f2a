import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { documentClient } from '../adapters/dynamodb/client';
import { WebhookStore } from '../adapters/dynamodb/webhook-store';
import { webhookSigningSecret } from '../adapters/webhooks/signing-secret';
import { sendWebhook } from '../adapters/webhooks/webhook-sender';
import { logger, metrics } from '../commons/powertools';
import { required, settings } from '../commons/settings';
import { parseBusEvent } from '../commons/worker/messages';
import { events } from '../domain/events';
import { sqsWorker } from '../commons/worker/sqs-worker';
import { defaultRetentionSeconds } from '../domain/retention';
import { retryDelaySeconds, webhookSubscriptions } from '../domain/webhooks';
import { deliverEvent, WebhookDeliveryFailed, type WebhookDependencies } from '../use-cases/webhooks';
import { sqsClient } from '../adapters/sqs/client';

let deps: WebhookDependencies | undefined;

function dependencies(): WebhookDependencies {
  deps ??= {
    deliveries: new WebhookStore(
      documentClient,
      required('TABLE_NAME'),
      settings().RETENTION_SECONDS?.webhookDeliveries ?? defaultRetentionSeconds.webhookDeliveries,
    ),
    targets: required('WEBHOOK_TARGETS'),
    secret: webhookSigningSecret,
    send: sendWebhook,
    now: () => new Date(),
  };
  return deps;
}

/** Every event some webhook target subscribes to (functions/domain/webhooks.ts says which). */
const subscribedEvents = [...new Set(Object.values(webhookSubscriptions).flat())].map((name) => events[name]);

/**
 * The webhook queue's worker. A delivery that fails is reported as a batch item failure after
 * its message is set to come back later, further apart each time (10 s, 20 s, 40 s …): the
 * receiver gets time to recover, and after `webhooks.delivery.maxAttempts` the message goes to
 * the dead-letter queue, which alarms.
 */
export const handler = sqsWorker({
  dependencies,
  handle: async (record, deps, about) => {
    const { envelope, metadata } = parseBusEvent(record, subscribedEvents);
    about.eventId = metadata.eventId;
    try {
      const outcome = await deliverEvent(deps, envelope);
      metrics.addMetric('WebhooksDelivered', MetricUnit.Count, outcome.delivered.length);
    } catch (error) {
      if (error instanceof WebhookDeliveryFailed) {
        metrics.addMetric('WebhookAttemptsFailed', MetricUnit.Count, 1);
        await backOff(record);
      }
      throw error;
    }
  },
});

async function backOff(record: SQSRecord): Promise<void> {
  const attempt = Number(record.attributes.ApproximateReceiveCount ?? 1);
  // After the last attempt, visible at once: its next receive moves it to the dead-letter queue.
  const lastAttempt = attempt >= (settings().WEBHOOK_MAX_ATTEMPTS ?? Infinity);
  const delay = lastAttempt ? 0 : retryDelaySeconds(attempt, settings().WEBHOOK_RETRY_BASE_SECONDS);
  await sqsClient
    .send(new ChangeMessageVisibilityCommand({ QueueUrl: required('WEBHOOK_QUEUE_URL'), ReceiptHandle: record.receiptHandle, VisibilityTimeout: delay }))
    .catch((error: unknown) => logger.warn('Could not delay the retry: the queue visibility timeout applies', { error }));
}
