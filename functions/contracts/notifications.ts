import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { Language } from '../domain/channels';
import { CaseId, CustomerId, IncidentId } from '../domain/ids';
import { notificationChannels, notificationKinds, notificationStatuses, suppressionReasons } from '../domain/notifications';
import { Timestamp } from './common';

/** Proactive notifications: the customer's consent and preferences, and what they were sent. */

const LocalTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM'));
const NotificationChannel = z.enum(notificationChannels);

export const Preferences = meta(
  z.strictObject({
    consent: meta(
      z.strictObject(
        Object.fromEntries(notificationChannels.map((channel) => [channel, z.optional(z.boolean())])) as Record<
          (typeof notificationChannels)[number],
          z.ZodMiniOptional<z.ZodMiniBoolean>
        >,
      ),
      { description: 'Opt-in per channel. Absent or false: nothing proactive is sent on that channel.' },
    ),
    preferredChannel: meta(z.optional(NotificationChannel), { description: 'Used first when consented.' }),
    language: z.optional(Language),
    quietHours: meta(z.optional(z.strictObject({ from: LocalTime, to: LocalTime })), {
      description: "Non-urgent messages wait until the end (client's time zone); may cross midnight (21:00 → 08:00).",
    }),
  }),
  { id: 'PreferencesRequest' },
);

export const PreferencesView = meta(z.extend(Preferences, { customerId: CustomerId, updatedAt: z.optional(Timestamp) }), { id: 'Preferences' });

export const Notification = meta(
  z.object({
    notificationId: z.string(),
    customerId: CustomerId,
    kind: z.enum(notificationKinds),
    caseId: z.optional(CaseId),
    incidentId: z.optional(IncidentId),
    incidentRevision: meta(z.optional(z.int()), { description: 'The incident revision it tells.' }),
    surveyId: meta(z.optional(z.string()), {
      description: 'The survey its text links to. The text shows the link with `{token}`: the token is only in the message sent.',
    }),
    status: meta(z.enum(notificationStatuses), {
      description:
        '`queued` while being sent or retried, `deferred` while quiet hours hold it back (see `deferredUntil`), then `sent`, `failed` or `suppressed`.',
    }),
    reason: meta(z.optional(z.enum(suppressionReasons)), {
      description: 'Why it was suppressed (`superseded`: a newer revision of the incident reached the customer while this one waited for quiet hours to end).',
    }),
    channel: z.optional(NotificationChannel),
    language: Language,
    text: z.string(),
    urgent: z.boolean(),
    createdAt: Timestamp,
    deferredUntil: meta(z.optional(Timestamp), { description: 'Quiet hours: held back until then.' }),
    sentAt: z.optional(Timestamp),
    attempts: z.int(),
    lastError: z.optional(z.string()),
  }),
  { id: 'Notification' },
);
