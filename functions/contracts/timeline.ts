import * as z from 'zod';
import { CustomerId } from '../domain/ids';
import { Callback } from './callbacks';
import { Case } from './cases';
import { Timestamp } from './common';
import { Interaction } from './interactions';
import { Notification } from './notifications';
import { CaseSurvey } from './surveys';

/** The customer's timeline: every record of every context, newest first. */

export const TimelineEntry = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('interaction'), at: Timestamp, interaction: Interaction }),
    z.object({ type: z.literal('case'), at: Timestamp, case: Case }),
    z.object({ type: z.literal('notification'), at: Timestamp, notification: Notification }),
    z.object({ type: z.literal('callback'), at: Timestamp, callback: Callback }),
    z.object({ type: z.literal('survey'), at: Timestamp, survey: CaseSurvey.extend({ caseId: z.string().optional() }) }),
  ])
  .meta({
    id: 'TimelineEntry',
    description:
      'One record of the customer, newest first. More types (notifications, callbacks, self-care sessions) will appear: ignore types you do not know.',
  });

export const Timeline = z
  .object({
    customerId: CustomerId,
    items: z.array(TimelineEntry),
    nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` to get the next (older) page; absent on the last page.' }),
  })
  .meta({ id: 'Timeline' });
