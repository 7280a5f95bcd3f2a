import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { escalationQueues } from './escalations';
import { slaTargets } from './sla';

import { defineEvent, Timestamp, Priority } from './event-definition';

/** The events of `support.sla` (the catalog: functions/domain/events.ts). */
export const SlaBreached = defineEvent({
  name: 'SlaBreached',
  version: 1,
  source: 'support.sla',
  description:
    "A case missed an SLA target (first response or resolution) in the client's business time. The case was re-escalated to the next tier and supervisors are told by webhook.",
  data: z.object({
    caseId: z.string(),
    customerId: z.string(),
    priority: meta(Priority, { description: 'The priority whose policy was missed.' }),
    targets: meta(z.array(z.enum(slaTargets)).check(z.minLength(1)), { description: 'The targets missed at this check (both when they fell due together).' }),
    dueAt: meta(Timestamp, { description: 'When the earliest of them was due.' }),
    detectedAt: Timestamp,
    reEscalation: meta(z.object({ escalationId: z.string(), queue: z.enum(escalationQueues), tier: z.int() }), {
      description: 'The escalation requested because of the breach: one tier above the latest (the highest tier stays the highest).',
    }),
  }),
});
