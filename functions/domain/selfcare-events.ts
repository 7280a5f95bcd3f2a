import * as z from 'zod/mini';
import { handoverChannels } from './selfcare';

import { defineEvent, Timestamp } from './event-definition';

/** The events of `support.selfcare` (the catalog: functions/domain/events.ts). */
export const SelfcareHandover = defineEvent({
  name: 'SelfcareHandover',
  version: 1,
  source: 'support.selfcare',
  description:
    'A self-care session was handed over to a human: a case opened (or reused) with the session attached. Ids and counts only: no query, no message, no identity.',
  data: z.object({
    sessionId: z.string(),
    caseId: z.string(),
    customerId: z.string(),
    channel: z.enum(handoverChannels),
    startedAt: Timestamp,
    searches: z.int().check(z.gte(0)),
    searchesWithoutResult: z.int().check(z.gte(0)),
    flowSteps: z.int().check(z.gte(0)),
    articlesViewed: z.int().check(z.gte(0)),
  }),
});
