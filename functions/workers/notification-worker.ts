import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { queueDepth } from '../adapters/sqs/queue-depth';
import { enqueueNotifications, NotificationQueueMessage } from '../adapters/sqs/notification-queue';
import { postToPlatform } from '../adapters/webhooks/platform-client';
import { metrics } from '../commons/powertools';
import { required } from '../commons/settings';
import { type BusEvent, jsonBody, validateBusEvent, validateMessage } from '../commons/worker/messages';
import { CallbackUpdated } from '../domain/callback-events';
import { CaseUpdated } from '../domain/case-events';
import { CustomerUpdated } from '../domain/customer-events';
import { EscalationAssigned } from '../domain/escalation-events';
import { IncidentDeclared, IncidentUpdated } from '../domain/incident-events';
import { SlaBreached } from '../domain/sla-events';
import { sqsWorker } from '../commons/worker/sqs-worker';
import type { EscalationQueue } from '../domain/escalations';
import { type CaseNotificationDependencies, type caseNotificationEvents, inviteToSurveyAfterCallback, notifyCaseEvent } from '../use-cases/case-notifications';
import type { Dependencies } from '../use-cases/dependencies';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, customers, incidents, notifications, queueStats, surveys } from '../wiring/stores';
import { audienceStep, deliverToAudience, releaseDeferred, tellNewMember } from '../use-cases/incidents';
import type { AudiencePage } from '../use-cases/ports/notifications';
import { estimateWait } from '../use-cases/queue-status';

const wired = dependenciesWith({ customers, cases, incidents, notifications, queueStats, surveys });

// The surveys are optional to `notify` (a function that offers none leaves them out); this one offers them.
type NotificationDeps = CaseNotificationDependencies & Pick<Dependencies, 'incidents' | 'surveys'>;

function dependencies(): NotificationDeps {
  const deps = wired();
  return {
    ...deps,
    rules: required('NOTIFICATION_RULES'),
    post: postToPlatform,
    // The resolved notice carries the client's survey (offered, its token minted when sent).
    surveyRules: deps.settings.SURVEY_RULES ?? null,
    estimatedWait: async (queue: EscalationQueue) => estimateWait(deps, queue, await queueDepth(queue)),
  };
}

/**
 * The bus events the notification rule routes here (functions/definition/rules.ts): the
 * constants, not the catalog, so the bundle carries only their schemas. The case notices are
 * the ones `caseNotificationEvents` maps (checked below).
 */
const notificationEvents = [IncidentDeclared, IncidentUpdated, CustomerUpdated, CallbackUpdated, EscalationAssigned, SlaBreached, CaseUpdated] as const;
type NotifiedEventName = (typeof notificationEvents)[number]['name'];
// A case notice added to caseNotificationEvents and not here fails to compile.
const _everyCaseNotice: Exclude<keyof typeof caseNotificationEvents, NotifiedEventName> extends never ? true : never = true;

/**
 * The notification queue's worker. One queue, these kinds of message:
 * - an incident event starts the fan-out at the first page of its audience: the affected
 *   segments for a declaration, the customers told so far for an update or the resolution;
 * - an audience page queues its customers in small delivery groups, then the next page;
 * - a delivery group tells each customer the latest revision (once each: see deliverToAudience);
 * - a customer who joined segments is told the active incidents that now affect them;
 * - notifications held back by quiet hours, now due (from the dispatcher);
 * - a case event (escalated, SLA missed, resolved) notifies the case's customer;
 * - a completed callback invites the customer to the client's survey, if it asks one then.
 * Bus events are checked against the event catalog, the worker's own messages against
 * NotificationQueueMessage. Failures are per message (partial batch response); a delivery group
 * that failed is retried whole, and the customers already notified in it are not notified again.
 */
export const handler = sqsWorker({
  dependencies,
  handle: async (record, deps, about) => {
    const body = jsonBody(record);
    if (typeof body === 'object' && body !== null && 'detail-type' in body) {
      const event = validateBusEvent(body, notificationEvents);
      about.eventId = event.metadata.eventId;
      return onEvent(deps, event);
    }
    const message = validateMessage(body, NotificationQueueMessage);
    about.kind = message.kind;
    if ('incidentId' in message) about.incidentId = message.incidentId;
    switch (message.kind) {
      case 'audience':
        return step(deps, message);
      case 'deliver': {
        const counts = await deliverToAudience(deps, message);
        metrics.addMetric('NotificationsSent', MetricUnit.Count, counts.sent);
        metrics.addMetric('NotificationsSuppressed', MetricUnit.Count, counts.suppressed);
        return;
      }
      case 'deferred':
        for (const id of message.notificationIds) await releaseDeferred(deps, id);
        return;
    }
  },
});

async function onEvent(deps: NotificationDeps, event: BusEvent<NotifiedEventName>): Promise<void> {
  switch (event.name) {
    case 'IncidentDeclared':
    case 'IncidentUpdated': {
      const { incidentId, revision } = event.data;
      return step(deps, { kind: 'audience', incidentId, revision, from: event.name === 'IncidentDeclared' ? 'segments' : 'told', position: 0 });
    }
    case 'CallbackUpdated': {
      const outcome = await inviteToSurveyAfterCallback(deps, event.envelope);
      metrics.addMetric(`SurveyInvite_${outcome}`, MetricUnit.Count, 1);
      return;
    }
    case 'CustomerUpdated':
      for (const counts of await tellNewMember(deps, event.data.customerId)) metrics.addMetric('NotificationsSent', MetricUnit.Count, counts.sent);
      return;
    default: {
      const outcome = await notifyCaseEvent(deps, event.envelope);
      metrics.addMetric(`CaseNotification_${outcome}`, MetricUnit.Count, 1);
    }
  }
}

async function step(deps: NotificationDeps, page: AudiencePage): Promise<void> {
  const { deliveries, next } = await audienceStep(deps, page);
  // The next page goes last: if this fails half-way, the retry queues the same groups again,
  // which notify nobody twice.
  await enqueueNotifications([...deliveries, ...(next ? [next] : [])]);
}
