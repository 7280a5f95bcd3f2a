import type { Language } from '../domain/channels';
import {
  chooseDelivery,
  contactChannelOf,
  type CountedStatus,
  type Delivery,
  deliverableAt,
  type Notification,
  type NotificationKind,
  notificationId,
  type NotificationRules,
  noPreferences,
  type SuppressionReason,
} from '../domain/notifications';
import { type OutboxEvent, outboxEvent } from '../domain/outbox-event';
import type { Dependencies } from './dependencies';
import type { PlatformPost } from './ports/webhooks';
import type { Surveys } from './ports/surveys';
import type { SurveyRules } from '../domain/surveys';
import { surveyLink } from '../domain/surveys';
import { mintSurveyLink, offerSurvey, type SurveyOffer } from './surveys';
import { NotificationSent, NotificationSuppressed } from '../domain/notification-events';

export interface NotificationDependencies extends Pick<Dependencies, 'customers' | 'notifications' | 'now'> {
  rules: NotificationRules;
  post: PlatformPost;
  /** The client's surveys, where the notification function offers them (absent: no survey rides a notice). */
  surveys?: Surveys;
  surveyRules?: SurveyRules | null;
}

export interface NotificationRequest {
  /** What is notified (an incident revision, an event): with the customer, it makes the notification's id. */
  dedupeKey: string;
  kind: NotificationKind;
  customerId: string;
  caseId?: string;
  incidentId?: string;
  incidentRevision?: number;
  /** Urgent notifications ignore quiet hours. */
  urgent: boolean;
  /**
   * The text in a language (the customer's, else the client's default), with the survey link as
   * stored (`{token}` in place of the token) when a survey rides the notice.
   */
  text: (language: Language, surveyLink?: string) => { language: Language; text: string };
  /** A survey to offer with the notice (only when it is sent to a consented channel, and fatigue allows). */
  survey?: Omit<SurveyOffer, 'customerId' | 'offeredOn' | 'language' | 'dedupeKey'>;
  /** The notice is the survey's invitation: without a survey (no consent, fatigue) nothing is stored or sent. */
  surveyOnly?: boolean;
}

/** Where a notification stands after a try (a status an incident counts), or `duplicate`: it was notified already. */
export type NotifyOutcome = CountedStatus | 'duplicate';

/**
 * How long an attempt holds its notification: longer than a webhook may take (10 s), so that a
 * second delivery of the same request arriving meanwhile does not send it again; a crash
 * mid-send lets a retry take over after it.
 */
const sendLeaseSeconds = 30;

/** The messaging platform did not take a notification: the request must be tried again later. */
export class NotificationNotSent extends Error {
  override readonly name = 'NotificationNotSent';
}

/**
 * Notifies one customer, once. Primary course: the live profile (a merged id resolves, so one
 * person is told once); the notification's id follows from the request, so a second delivery of
 * the same request cannot create it again; consent decides the channel (none: `suppressed`, on the timeline with
 * why); quiet hours hold a non-urgent one back (`deferred` until then); otherwise it is sent to the
 * messaging platform and marked `sent`.
 */
export async function notify(deps: NotificationDependencies, request: NotificationRequest): Promise<NotifyOutcome> {
  const profile = await deps.customers.resolve(request.customerId);
  if (!profile) return 'suppressed';
  const id = notificationId(request.dedupeKey, profile.customerId);
  const now = deps.now();
  const preferences = profile.preferences ?? noPreferences;
  const delivery = chooseDelivery(preferences, profile);
  const survey =
    request.survey && delivery.send && deps.surveys && deps.surveyRules
      ? await offerSurvey(
          { surveys: deps.surveys, surveyRules: deps.surveyRules, now: deps.now },
          {
            ...request.survey,
            dedupeKey: request.dedupeKey,
            customerId: profile.customerId,
            // The contact channel the notice reaches them on (a push notification is the app).
            offeredOn: contactChannelOf(delivery.channel),
            language: preferences.language ?? deps.rules.defaultLanguage,
          },
        )
      : undefined;
  if (request.surveyOnly && !survey) return 'suppressed';
  const { language, text } = request.text(
    preferences.language ?? deps.rules.defaultLanguage,
    survey && deps.surveyRules ? surveyLink(deps.surveyRules.pageUrl) : undefined,
  );
  const base = {
    notificationId: id,
    customerId: profile.customerId,
    kind: request.kind,
    ...(request.caseId ? { caseId: request.caseId } : {}),
    ...(request.incidentId ? { incidentId: request.incidentId } : {}),
    ...(request.incidentRevision !== undefined ? { incidentRevision: request.incidentRevision } : {}),
    ...(survey ? { surveyId: survey.surveyId } : {}),
    language,
    text,
    urgent: request.urgent,
    createdAt: now.toISOString(),
    attempts: 0,
  };
  const at = delivery.send && !request.urgent ? deliverableAt(preferences.quietHours, deps.rules.timezone, now) : now;
  const notification: Notification = !delivery.send
    ? { ...base, status: 'suppressed', reason: delivery.reason }
    : at > now
      ? { ...base, status: 'deferred', channel: delivery.channel, deferredUntil: at.toISOString() }
      : // Sent now: the first attempt is counted at creation, which also claims it.
        { ...base, status: 'queued', channel: delivery.channel, attempts: 1, leaseUntil: lease(now).toISOString() };

  // Created first, read only when taken: in a fan-out almost every notification is new. A
  // suppressed one is final at creation: its event is written with it.
  const outbox = notification.status === 'suppressed' && notification.reason ? suppressedEvent(notification, notification.reason, now) : undefined;
  if (!(await deps.notifications.create(notification, outbox))) {
    const existing = await deps.notifications.get(id);
    // Taken by an earlier delivery of this request whose send failed (or crashed: its lease
    // ran out): this is its retry. One still sending holds its lease: then nothing is sent.
    return existing?.status === 'queued' && !existing.deferredUntil ? resend(deps, existing) : 'duplicate';
  }
  if (!delivery.send) return 'suppressed';
  return notification.deferredUntil ? 'deferred' : send(deps, notification, delivery);
}

/** Sends a deferred notification whose time has come (quiet hours over), or one still queued (a retry). */
export async function sendQueued(deps: NotificationDependencies, notification: Notification): Promise<NotifyOutcome> {
  return notification.status === 'queued' || notification.status === 'deferred' ? resend(deps, notification) : 'duplicate';
}

/** A later attempt (after quiet hours, or a retry): counted first, and the consent read again. */
async function resend(deps: NotificationDependencies, notification: Notification): Promise<NotifyOutcome> {
  const now = deps.now();
  if (!(await deps.notifications.startAttempt(notification.notificationId, now, lease(now)))) return 'duplicate';
  const profile = await deps.customers.resolve(notification.customerId);
  const delivery: Delivery = profile ? chooseDelivery(profile.preferences ?? noPreferences, profile) : { send: false, reason: 'no_address' };
  return send(deps, { ...notification, attempts: notification.attempts + 1 }, delivery);
}

function lease(now: Date): Date {
  return new Date(now.getTime() + sendLeaseSeconds * 1000);
}

/** Sends an attempt already counted in `notification.attempts`. */
async function send(deps: NotificationDependencies, notification: Notification, delivery: Delivery): Promise<NotifyOutcome> {
  const { notificationId: id, customerId, kind, language, urgent, caseId, incidentId, surveyId } = notification;
  // The survey link's token is minted for this attempt and put in this message only.
  const text =
    surveyId && delivery.send && deps.surveys && deps.surveyRules
      ? notification.text.replace(
          surveyLink(deps.surveyRules.pageUrl),
          await mintSurveyLink({ surveys: deps.surveys, surveyRules: deps.surveyRules, now: deps.now }, surveyId),
        )
      : notification.text;
  const response = delivery.send
    ? await deps.post('messaging', {
        deliveryId: id,
        eventType: `Notification.${kind}`,
        payload: {
          notificationId: id,
          customerId,
          channel: delivery.channel,
          address: delivery.address,
          language,
          text,
          kind,
          urgent,
          ...(caseId ? { caseId } : {}),
          ...(incidentId ? { incidentId } : {}),
        },
      })
    : { ok: false, status: 0, error: `consent withdrawn meanwhile (${delivery.reason})` };
  if (response.ok && delivery.send) {
    const at = deps.now();
    await deps.notifications.sent(id, delivery.channel, at, sentEvent(notification, delivery.channel, at));
    return 'sent';
  }
  const final = notification.attempts >= deps.rules.maxAttempts || !delivery.send;
  await deps.notifications.attemptFailed(id, response.error ?? `HTTP ${response.status}`, final);
  if (final) return 'failed';
  throw new NotificationNotSent(`Notification ${id}: ${response.error ?? `HTTP ${response.status}`}`);
}

/**
 * The events of a notification's outcome (the KPI consumer counts them per day). Ids, kind and
 * channel only, never the address or the text; the correlation id is the notification's own (a
 * deferred one is sent long after the request that made it).
 */
function sentEvent(notification: Notification, channel: Notification['channel'] & {}, at: Date): OutboxEvent {
  const { notificationId, customerId, kind, caseId, incidentId, urgent, attempts } = notification;
  return outboxEvent(
    NotificationSent,
    {
      notificationId,
      customerId,
      kind,
      channel,
      ...(caseId ? { caseId } : {}),
      ...(incidentId ? { incidentId } : {}),
      urgent,
      deferred: notification.deferredUntil !== undefined,
      attempts: Math.max(1, attempts),
    },
    notificationId,
    at,
  );
}

export function suppressedEvent(notification: Notification, reason: SuppressionReason, at: Date): OutboxEvent {
  const { notificationId, customerId, kind, caseId, incidentId } = notification;
  return outboxEvent(
    NotificationSuppressed,
    { notificationId, customerId, kind, suppressionReason: reason, ...(caseId ? { caseId } : {}), ...(incidentId ? { incidentId } : {}) },
    notificationId,
    at,
  );
}
