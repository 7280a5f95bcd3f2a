import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { queueDepth } from '../adapters/sqs/queue-depth';
import { enqueueNotifications } from '../adapters/sqs/notification-queue';
import { postToPlatform } from '../adapters/webhooks/platform-client';
import { logger, metrics, tracer } from '../commons/powertools';
import { required } from '../commons/settings';
import type { EscalationQueue } from '../domain/escalations';
import { type CaseNotificationDependencies, notifyCaseEvent } from '../use-cases/case-notifications';
import type { Dependencies } from '../use-cases/dependencies';
import { defaultDependencies } from '../wiring/dependencies';
import { audienceStep, deliverToAudience, releaseDeferred, tellNewMember } from '../use-cases/incidents';
import type { AudienceDelivery, AudiencePage, DeferredDelivery } from '../use-cases/ports/notifications';
import { estimateWait } from '../use-cases/queue-status';
import type { BusEnvelope } from '../use-cases/webhooks';

type NotificationMessage = BusEnvelope | AudiencePage | AudienceDelivery | DeferredDelivery;

function dependencies(): CaseNotificationDependencies & Pick<Dependencies, 'incidents'> {
  const deps = defaultDependencies();
  return {
    ...deps,
    rules: required('NOTIFICATION_RULES'),
    post: postToPlatform,
    estimatedWait: async (queue: EscalationQueue) => estimateWait(deps, queue, await queueDepth(queue)),
  };
}


/**
 * The notification queue's worker. One queue, these kinds of message:
 * - an incident event starts the fan-out at the first page of its audience: the affected
 *   segments for a declaration, the customers told so far for an update or the resolution;
 * - an audience page queues its customers in small delivery groups, then the next page;
 * - a delivery group tells each customer the latest revision (once each: see deliverToAudience);
 * - a customer who joined segments is told the active incidents that now affect them;
 * - notifications held back by quiet hours, now due (from the dispatcher);
 * - a case event (escalated, SLA missed, resolved) notifies the case's customer.
 * Failures are per message (partial batch response); a delivery group that failed is retried
 * whole, and the customers already notified in it are not notified again.
 */
async function handle(record: SQSRecord): Promise<void> {
  try {
    await handleMessage(record);
  } catch (error) {
    // The partial batch response says only which message failed: why is logged here, or it is lost.
    const { kind, incidentId } = JSON.parse(record.body) as { kind?: string; incidentId?: string };
    logger.error('Notification message failed: it comes back after the visibility timeout', { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, kind, incidentId, error });
    throw error;
  }
}

async function handleMessage(record: SQSRecord): Promise<void> {
  const message = JSON.parse(record.body) as NotificationMessage;
  const deps = dependencies();
  if ('detail-type' in message) {
    const eventName = message['detail-type'].replace(/\.v\d+$/, '');
    if (eventName === 'IncidentDeclared' || eventName === 'IncidentUpdated') {
      const { incidentId, revision } = message.detail.data as { incidentId: string; revision: number };
      return step({ kind: 'audience', incidentId, revision, from: eventName === 'IncidentDeclared' ? 'segments' : 'told', position: 0 });
    }
    if (eventName === 'CustomerUpdated') {
      const { customerId } = message.detail.data as { customerId: string };
      for (const counts of await tellNewMember(deps, customerId)) metrics.addMetric('NotificationsSent', MetricUnit.Count, counts.sent);
      return;
    }
    const outcome = await notifyCaseEvent(deps, message);
    metrics.addMetric(`CaseNotification_${outcome}`, MetricUnit.Count, 1);
    return;
  }
  switch (message.kind) {
    case 'audience':
      return step(message);
    case 'deliver': {
      const counts = await deliverToAudience(deps, message);
      metrics.addMetric('NotificationsSent', MetricUnit.Count, counts.sent);
      metrics.addMetric('NotificationsSuppressed', MetricUnit.Count, counts.suppressed);
      return;
    }
    case 'deferred':
      for (const id of message.notificationIds) await releaseDeferred(deps, id);
      return;
    default:
      throw new Error(`Message ${record.messageId} is not a notification message`);
  }
}

async function step(page: AudiencePage): Promise<void> {
  const { deliveries, next } = await audienceStep(defaultDependencies(), page);
  // The next page goes last: if this fails half-way, the retry queues the same groups again,
  // which notify nobody twice.
  await enqueueNotifications([...deliveries, ...(next ? [next] : [])]);
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  // A processor per invocation: see escalation-worker.ts.
  .handler(async (event, context) => processPartialResponse(event, handle, new BatchProcessor(EventType.SQS), { context }));
