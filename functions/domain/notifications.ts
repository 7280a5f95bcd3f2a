import { createHash } from 'node:crypto';
import type { Channel, Language } from './channels';
import type { CustomerProfile } from './customers';

/**
 * Proactive notifications: what the backend tells a customer before they call (an incident,
 * their case escalated, an SLA missed, their case resolved, their callback). Nothing is sent
 * without consent on the channel; quiet hours delay what is not urgent; each notification is on
 * the customer's timeline with its status.
 */
export const notificationChannels = ['app_push', 'sms', 'mobile_messaging', 'email', 'phone'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/** The contact channel a notification channel is (a push notification reaches the app). */
export function contactChannelOf(channel: NotificationChannel): Channel {
  return channel === 'app_push' ? 'app' : channel;
}

export interface QuietHours {
  /** Local `HH:MM` in the client's time zone; the window may cross midnight (21:00 → 08:00). */
  from: string;
  to: string;
}

export interface Preferences {
  /** Opt-in per channel: absent or false means no consent. */
  consent: Partial<Record<NotificationChannel, boolean>>;
  preferredChannel?: NotificationChannel;
  language?: Language;
  quietHours?: QuietHours;
  updatedAt?: string;
}

export const noPreferences: Preferences = { consent: {} };

/**
 * `incident` is a customer's first notice of an incident (whatever its revision: a customer who
 * joins an affected segment later hears the current state as a first notice), `incidentUpdated`
 * a later revision, `incidentResolved` the resolution; `surveyInvite` a survey link on its own
 * (after a completed callback: the other surveys ride the resolved notice).
 */
export const notificationKinds = ['incident', 'incidentUpdated', 'incidentResolved', 'caseEscalated', 'slaBreached', 'caseResolved', 'surveyInvite'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * A notification's status, one vocabulary for the timeline, the API and an incident's counts:
 * `queued` while it is being sent (or retried), `deferred` while quiet hours hold it back (with
 * `deferredUntil`), then `sent`, `failed` or `suppressed` (with the reason).
 */
export const notificationStatuses = ['queued', 'deferred', 'sent', 'suppressed', 'failed'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** The statuses an incident counts: where notifications end, or wait (`queued` lasts only while sending). */
export const countedStatuses = notificationStatuses.filter((status): status is Exclude<NotificationStatus, 'queued'> => status !== 'queued');
export type CountedStatus = (typeof countedStatuses)[number];

/**
 * Why a notification was suppressed. `superseded`: quiet hours held an incident revision back and
 * a newer revision reached the customer meanwhile; they hear the newer one only.
 */
export const suppressionReasons = ['no_consent', 'no_address', 'duplicate', 'superseded'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

export interface Notification {
  notificationId: string;
  customerId: string;
  kind: NotificationKind;
  /** What it is about. */
  caseId?: string;
  incidentId?: string;
  /** The incident revision it tells (incident notifications). */
  incidentRevision?: number;
  /** The survey its text links to (the link's token is put in the message sent, never here). */
  surveyId?: string;
  status: NotificationStatus;
  reason?: SuppressionReason;
  channel?: NotificationChannel;
  language: Language;
  text: string;
  urgent: boolean;
  createdAt: string;
  /** Set while quiet hours hold a non-urgent notification back. */
  deferredUntil?: string;
  sentAt?: string;
  /** While an attempt is being sent: another delivery of the same request does not send it again before then. */
  leaseUntil?: string;
  attempts: number;
  lastError?: string;
}

/**
 * A notification's id follows from what it notifies (the incident revision, the event) and the
 * customer: a second delivery of the same request finds it exists, so nobody is told twice.
 */
export function notificationId(dedupeKey: string, customerId: string): string {
  const digest = createHash('sha256').update(`${dedupeKey}|${customerId}`).digest('hex').slice(0, 26).toUpperCase();
  return `ntf_${digest}`;
}

export type Delivery =
  | { send: true; channel: NotificationChannel; address: string }
  | { send: false; reason: Exclude<SuppressionReason, 'duplicate' | 'superseded'> };

/**
 * Where to send: the preferred channel if the customer consented to it, else the first channel
 * they consented to that we have an address for. No consent anywhere: suppressed.
 */
export function chooseDelivery(preferences: Preferences, profile: Pick<CustomerProfile, 'customerId' | 'identities'>): Delivery {
  const consented = notificationChannels.filter((channel) => preferences.consent[channel] === true);
  if (consented.length === 0) return { send: false, reason: 'no_consent' };
  const ordered = preferences.preferredChannel && consented.includes(preferences.preferredChannel) ? [preferences.preferredChannel, ...consented] : consented;
  for (const channel of ordered) {
    const address = addressFor(channel, profile);
    if (address) return { send: true, channel, address };
  }
  return { send: false, reason: 'no_address' };
}

function addressFor(channel: NotificationChannel, profile: Pick<CustomerProfile, 'customerId' | 'identities'>): string | undefined {
  switch (channel) {
    case 'app_push':
      return profile.customerId;
    case 'email':
      return profile.identities.emails[0];
    case 'sms':
    case 'mobile_messaging':
    case 'phone':
      return profile.identities.phones[0];
  }
}

/**
 * When a non-urgent notification may go out: now, or the end of the customer's quiet hours.
 * Local times are read in the client's time zone.
 */
export function deliverableAt(quietHours: QuietHours | undefined, timezone: string, now: Date): Date {
  if (!quietHours) return now;
  const local = localMinutes(now, timezone);
  const from = toMinutes(quietHours.from);
  const to = toMinutes(quietHours.to);
  const inQuiet = from <= to ? local >= from && local < to : local >= from || local < to;
  if (!inQuiet) return now;
  const wait = (to - local + 24 * 60) % (24 * 60);
  // From the start of the current minute: the end of quiet hours, on the minute.
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 + wait * 60_000);
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function localMinutes(at: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return get('hour') * 60 + get('minute');
}

/**
 * The texts of case notifications, per language. Incidents bring their own texts. `wait` is
 * optional: a wait is only promised when there is one to tell (see `waitToTell`).
 */
export const caseTexts: Record<'caseEscalated' | 'slaBreached' | 'caseResolved', Record<Language, (values: Record<string, string | undefined>) => string>> = {
  caseEscalated: {
    fr: (v) => `Votre demande « ${v.subject} » a été transmise à l'équipe ${v.team}.${v.wait ? ` Délai estimé : ${v.wait}.` : ''}`,
    en: (v) => `Your request "${v.subject}" is now with our ${v.team} team.${v.wait ? ` Estimated wait: ${v.wait}.` : ''}`,
  },
  slaBreached: {
    fr: (v) => `Nous sommes désolés : votre demande « ${v.subject} » prend plus de temps que promis. Elle a été confiée en priorité à l'équipe ${v.team}.`,
    en: (v) => `We are sorry: your request "${v.subject}" is taking longer than we promised. It has been handed in priority to our ${v.team} team.`,
  },
  caseResolved: {
    fr: (v) => `Votre demande « ${v.subject} » est résolue.${v.survey ? ` Une question : êtes-vous satisfait(e) ? ${v.survey}` : ''}`,
    en: (v) => `Your request "${v.subject}" is resolved.${v.survey ? ` One question: are you satisfied? ${v.survey}` : ''}`,
  },
};

/** The invitation to a survey sent on its own (after a completed callback); `survey` is the link. */
export const surveyInviteTexts: Record<Language, (values: { survey: string }) => string> = {
  fr: (v) => `Merci d'avoir pris notre appel. Une question : êtes-vous satisfait(e) ? ${v.survey}`,
  en: (v) => `Thank you for taking our call. One question: are you satisfied? ${v.survey}`,
};

/**
 * The wait worth telling a customer whose case was escalated: the queue's estimate when it gives
 * one (a positive number of seconds); nothing when it is unknown (null) or when nothing waits (0:
 * "about 1 min" would be a guess).
 */
export function waitToTell(estimateSeconds: number | null): number | null {
  return estimateSeconds !== null && estimateSeconds > 0 ? estimateSeconds : null;
}

/** A wait in words, for a message. */
export function waitInWords(seconds: number | null, language: Language): string {
  if (seconds === null) return language === 'fr' ? 'inconnu pour le moment' : 'not known yet';
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return language === 'fr' ? `environ ${minutes} min` : `about ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return language === 'fr' ? `environ ${hours} h` : `about ${hours} h`;
}

/** What the notification functions need of the client config. */
export interface NotificationRules {
  case: { escalated: boolean; slaBreached: boolean; resolved: boolean };
  satisfactionSurveyUrl?: string;
  timezone: string;
  defaultLanguage: Language;
  maxAttempts: number;
}
