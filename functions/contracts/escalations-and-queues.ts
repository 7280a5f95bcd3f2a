import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { escalationQueues, escalationStatuses } from '../domain/escalations';
import { CaseId, CustomerId, EscalationId } from '../domain/ids';
import { Priority } from './cases';
import { Text, Timestamp } from './common';

/** Escalations beyond the first line, and the live status of the queues they wait in. */

export const EscalateRequest = meta(
  z.strictObject({
    tier: meta(z.optional(z.int().check(z.gte(1), z.lte(9))), { description: 'Support tier to escalate to (the routing config maps tiers to queues).' }),
    skill: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_-]{0,30}$/, 'a skill such as network, billing'))),
    reason: Text.check(z.trim(), z.minLength(1), z.maxLength(1000)),
    priority: meta(z.optional(Priority), { description: "Defaults to the case's priority; urgent always goes to the urgent queue." }),
  }),
  { id: 'EscalateRequest' },
);

export const Escalation = meta(
  z.object({
    escalationId: EscalationId,
    caseId: CaseId,
    customerId: CustomerId,
    queue: z.enum(escalationQueues),
    tier: z.optional(z.int()),
    skill: z.optional(z.string()),
    priority: Priority,
    reason: z.string(),
    status: z.enum(escalationStatuses),
    requestedAt: Timestamp,
    requestedBy: z.string(),
    team: z.optional(z.string()),
    assignedAt: z.optional(Timestamp),
  }),
  { id: 'Escalation' },
);

export const QueueStatuses = meta(
  z.object({
    asOf: meta(Timestamp, { description: 'When the figures were read (at most 60 s ago).' }),
    windowMinutes: meta(z.int(), { description: 'The window recent throughput is measured over.' }),
    queues: z.array(
      z.object({
        queue: z.enum(escalationQueues),
        team: z.string(),
        depth: meta(z.int().check(z.gte(0)), { description: 'Escalations waiting in the queue.' }),
        inFlight: meta(z.int().check(z.gte(0)), { description: 'Escalations a worker is handling right now.' }),
        oldestWaitSeconds: meta(z.int().check(z.gte(0)), { description: 'How long the oldest escalation not yet assigned has waited.' }),
        completedRecently: meta(z.int().check(z.gte(0)), { description: 'Escalations assigned within the window.' }),
        throughputPerMinute: z.number().check(z.gte(0)),
        estimatedWaitSeconds: meta(z.nullable(z.int().check(z.gte(0))), {
          description: 'Waiting work divided by recent throughput; null when work waits but nothing completed in the window.',
        }),
      }),
    ),
  }),
  { id: 'QueueStatuses' },
);
