import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { notificationChannels, notificationKinds, suppressionReasons } from './notifications';

import { defineEvent } from './event-definition';

/** The events of `support.notifications` (the catalog: functions/domain/events.ts). */
export const NotificationSent = defineEvent({
  name: 'NotificationSent',
  version: 1,
  source: 'support.notifications',
  description:
    'A proactive notification (an incident notice, a case notice, a survey invitation) reached the messaging platform, on a channel the customer consented to: once per notification, with the write that marks it sent. Ids only: never the address or the text.',
  data: z.object({
    notificationId: z.string(),
    customerId: z.string(),
    kind: z.enum(notificationKinds),
    channel: z.enum(notificationChannels),
    caseId: z.optional(z.string()),
    incidentId: z.optional(z.string()),
    urgent: z.boolean(),
    deferred: meta(z.boolean(), { description: 'Whether quiet hours held it back before it was sent.' }),
    attempts: meta(z.int().check(z.gte(1)), { description: 'The attempts it took (the first is 1).' }),
  }),
});
export const NotificationSuppressed = defineEvent({
  name: 'NotificationSuppressed',
  version: 1,
  source: 'support.notifications',
  description:
    'A proactive notification was not sent, and never will be: no consent on any channel, no address for a consented one, or (an incident revision held back by quiet hours) a newer revision reached the customer first. Once per notification, with the write that records it. Ids only.',
  data: z.object({
    notificationId: z.string(),
    customerId: z.string(),
    kind: z.enum(notificationKinds),
    suppressionReason: meta(z.enum(suppressionReasons), {
      description: 'Why: no_consent, no_address, or superseded (a newer incident revision reached the customer first).',
    }),
    caseId: z.optional(z.string()),
    incidentId: z.optional(z.string()),
  }),
});
