import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { postToPlatform } from '../adapters/webhooks/platform-client';
import { metrics } from '../commons/powertools';
import { parseBusEvent } from '../commons/worker/messages';
import { sqsWorker } from '../commons/worker/sqs-worker';
import { handOverCallback } from '../use-cases/callbacks';
import { CallbackDue, CallbackRequested } from '../domain/callback-events';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks } from '../wiring/stores';

const dependencies = dependenciesWith({ callbacks });

/**
 * The callback queue's worker: each message is a `CallbackRequested` (asap) or `CallbackDue`
 * event; the callback is handed to the telephony platform. A platform that does not answer makes
 * the message come back (visibility timeout), then reach the dead-letter queue, which alarms.
 */
export const handler = sqsWorker({
  dependencies: () => ({ ...dependencies(), post: postToPlatform }),
  handle: async (record, deps, about) => {
    const { data, metadata } = parseBusEvent(record, [CallbackRequested, CallbackDue]);
    about.callbackId = data.callbackId;
    const outcome = await handOverCallback(deps, data.callbackId, metadata.correlationId);
    metrics.addMetric(outcome === 'handed_over' ? 'CallbacksHandedOver' : 'DuplicateDeliveries', MetricUnit.Count, 1);
  },
});
