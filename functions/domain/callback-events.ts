import * as z from 'zod/mini';
import { meta } from './schema-meta';

import { defineEvent, Timestamp, CallbackStatus } from './event-definition';

/** The events of `support.callbacks` (the catalog: functions/domain/events.ts). */
export const CallbackRequested = defineEvent({
  name: 'CallbackRequested',
  version: 1,
  source: 'support.callbacks',
  description: 'A customer asked to be called back (the SOS button), as soon as possible or in a window.',
  data: z.object({
    callbackId: z.string(),
    customerId: z.string(),
    dueAt: Timestamp,
    asap: z.boolean(),
    windowEndsAt: meta(z.optional(Timestamp), {
      description: 'The end of the window the customer was given: completed by then, the callback was kept (the KPI callbacks kept).',
    }),
  }),
});
export const CallbackDue = defineEvent({
  name: 'CallbackDue',
  version: 1,
  source: 'support.callbacks',
  description: 'A callback is due (asap, its window opened, or a retry after no answer): the callback worker hands it to the telephony platform.',
  data: z.object({ callbackId: z.string(), customerId: z.string(), attempt: z.int().check(z.gte(1)) }),
});
export const CallbackUpdated = defineEvent({
  name: 'CallbackUpdated',
  version: 1,
  source: 'support.callbacks',
  description: 'A callback moved: handed to telephony, completed, not answered (retry scheduled), failed, or cancelled.',
  data: z.object({ callbackId: z.string(), customerId: z.string(), status: CallbackStatus, attempt: z.int().check(z.gte(0)) }),
});
