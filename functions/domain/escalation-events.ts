import * as z from 'zod/mini';
import { escalationQueues } from './escalations';

import { defineEvent, Timestamp, Priority } from './event-definition';

/** The events of `support.escalations` (the catalog: functions/domain/events.ts). */
export const EscalationRequested = defineEvent({
  name: 'EscalationRequested',
  version: 1,
  source: 'support.escalations',
  description: 'A case was escalated beyond the first line; the bus routes it to the queue named in `queue`.',
  data: z.object({
    escalationId: z.string(),
    caseId: z.string(),
    customerId: z.string(),
    queue: z.enum(escalationQueues),
    tier: z.optional(z.int()),
    skill: z.optional(z.string()),
    priority: Priority,
  }),
});
export const EscalationAssigned = defineEvent({
  name: 'EscalationAssigned',
  version: 1,
  source: 'support.escalations',
  description: "A queue's worker assigned an escalation to its team and recorded it on the case.",
  data: z.object({
    escalationId: z.string(),
    caseId: z.string(),
    customerId: z.string(),
    queue: z.enum(escalationQueues),
    team: z.string(),
    assignedAt: Timestamp,
  }),
});
