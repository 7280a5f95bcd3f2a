import * as z from 'zod';
import { escalationQueues, escalationStatuses } from '../domain/escalations';
import { CaseId, CustomerId, EscalationId } from '../domain/ids';
import { Priority } from './cases';
import { Text, Timestamp } from './common';

/** Escalations beyond the first line, and the live status of the queues they wait in. */

export const EscalateRequest = z
  .object({
    tier: z.number().int().min(1).max(9).optional().meta({ description: 'Support tier to escalate to (the routing config maps tiers to queues).' }),
    skill: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,30}$/, 'a skill such as network, billing')
      .optional(),
    reason: Text.trim().min(1).max(1000),
    priority: Priority.optional().meta({ description: "Defaults to the case's priority; urgent always goes to the urgent queue." }),
  })
  .strict()
  .meta({ id: 'EscalateRequest' });

export const Escalation = z
  .object({
    escalationId: EscalationId,
    caseId: CaseId,
    customerId: CustomerId,
    queue: z.enum(escalationQueues),
    tier: z.number().int().optional(),
    skill: z.string().optional(),
    priority: Priority,
    reason: z.string(),
    status: z.enum(escalationStatuses),
    requestedAt: Timestamp,
    requestedBy: z.string(),
    team: z.string().optional(),
    assignedAt: Timestamp.optional(),
  })
  .meta({ id: 'Escalation' });

export const QueueStatuses = z
  .object({
    asOf: Timestamp.meta({ description: 'When the figures were read (at most 60 s ago).' }),
    windowMinutes: z.number().int().meta({ description: 'The window recent throughput is measured over.' }),
    queues: z.array(
      z.object({
        queue: z.enum(escalationQueues),
        team: z.string(),
        depth: z.number().int().min(0).meta({ description: 'Escalations waiting in the queue.' }),
        inFlight: z.number().int().min(0).meta({ description: 'Escalations a worker is handling right now.' }),
        oldestWaitSeconds: z.number().int().min(0).meta({ description: 'How long the oldest escalation not yet assigned has waited.' }),
        completedRecently: z.number().int().min(0).meta({ description: 'Escalations assigned within the window.' }),
        throughputPerMinute: z.number().min(0),
        estimatedWaitSeconds: z
          .number()
          .int()
          .min(0)
          .nullable()
          .meta({ description: 'Waiting work divided by recent throughput; null when work waits but nothing completed in the window.' }),
      }),
    ),
  })
  .meta({ id: 'QueueStatuses' });
