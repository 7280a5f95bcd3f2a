import * as z from 'zod';
import { Language } from '../domain/channels';
import { CaseId, CustomerId, IncidentId } from '../domain/ids';
import { notificationChannels, notificationKinds, notificationStatuses, suppressionReasons } from '../domain/notifications';
import { Timestamp } from './common';

/** Proactive notifications: the customer's consent and preferences, and what they were sent. */

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');
const NotificationChannel = z.enum(notificationChannels);

export const Preferences = z
  .object({
    consent: z
      .object(
        Object.fromEntries(notificationChannels.map((channel) => [channel, z.boolean().optional()])) as Record<
          (typeof notificationChannels)[number],
          z.ZodOptional<z.ZodBoolean>
        >,
      )
      .strict()
      .meta({ description: 'Opt-in per channel. Absent or false: nothing proactive is sent on that channel.' }),
    preferredChannel: NotificationChannel.optional().meta({ description: 'Used first when consented.' }),
    language: Language.optional(),
    quietHours: z
      .object({ from: LocalTime, to: LocalTime })
      .strict()
      .optional()
      .meta({ description: "Non-urgent messages wait until the end (client's time zone); may cross midnight (21:00 → 08:00)." }),
  })
  .strict()
  .meta({ id: 'PreferencesRequest' });

export const PreferencesView = Preferences.extend({ customerId: CustomerId, updatedAt: Timestamp.optional() }).meta({ id: 'Preferences' });

export const Notification = z
  .object({
    notificationId: z.string(),
    customerId: CustomerId,
    kind: z.enum(notificationKinds),
    caseId: CaseId.optional(),
    incidentId: IncidentId.optional(),
    incidentRevision: z.number().int().optional().meta({ description: 'The incident revision it tells.' }),
    surveyId: z
      .string()
      .optional()
      .meta({ description: 'The survey its text links to. The text shows the link with `{token}`: the token is only in the message sent.' }),
    status: z.enum(notificationStatuses).meta({
      description:
        '`queued` while being sent or retried, `deferred` while quiet hours hold it back (see `deferredUntil`), then `sent`, `failed` or `suppressed`.',
    }),
    reason: z.enum(suppressionReasons).optional().meta({
      description: 'Why it was suppressed (`superseded`: a newer revision of the incident reached the customer while this one waited for quiet hours to end).',
    }),
    channel: NotificationChannel.optional(),
    language: Language,
    text: z.string(),
    urgent: z.boolean(),
    createdAt: Timestamp,
    deferredUntil: Timestamp.optional().meta({ description: 'Quiet hours: held back until then.' }),
    sentAt: Timestamp.optional(),
    attempts: z.number().int(),
    lastError: z.string().optional(),
  })
  .meta({ id: 'Notification' });
