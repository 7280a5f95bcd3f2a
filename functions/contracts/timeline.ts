import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { CustomerId } from '../domain/ids';
import { Callback } from './callbacks';
import { Case } from './cases';
import { Timestamp } from './common';
import { Interaction } from './interactions';
import { Notification } from './notifications';
import { CaseSurvey } from './surveys';

/** The customer's timeline: every record of every context, newest first. */

export const TimelineEntry = meta(
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('interaction'), at: Timestamp, interaction: Interaction }),
    z.object({ type: z.literal('case'), at: Timestamp, case: Case }),
    z.object({ type: z.literal('notification'), at: Timestamp, notification: Notification }),
    z.object({ type: z.literal('callback'), at: Timestamp, callback: Callback }),
    z.object({ type: z.literal('survey'), at: Timestamp, survey: z.extend(CaseSurvey, { caseId: z.optional(z.string()) }) }),
  ]),
  {
    id: 'TimelineEntry',
    description:
      'One record of the customer, newest first. More types (notifications, callbacks, self-care sessions) will appear: ignore types you do not know.',
  },
);

export const Timeline = meta(
  z.object({
    customerId: CustomerId,
    items: z.array(TimelineEntry),
    nextCursor: meta(z.optional(z.string()), { description: 'Pass as `cursor` to get the next (older) page; absent on the last page.' }),
  }),
  { id: 'Timeline' },
);
