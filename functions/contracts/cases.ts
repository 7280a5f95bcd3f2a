import * as z from 'zod';
import { Channel } from '../domain/channels';
import { caseStatuses, listedCaseStatuses, priorities } from '../domain/cases';
import { escalationQueues, escalationStatuses } from '../domain/escalations';
import { slaStates } from '../domain/sla';
import { CaseId, CustomerId, EscalationId } from '../domain/ids';
import { intents, sentiments } from '../domain/text-analysis';
import { Line, maxTextLength, Text, TimelineQuery, Timestamp } from './common';
import { Customer } from './customers';
import { IncidentSeverity } from './incidents';
import { Interaction } from './interactions';
import { AlreadyTried } from './selfcare';
import { CaseSurvey } from './surveys';

/** Cases: opening, updating, their SLA, and the handoff view for the next agent. */

export const CaseStatus = z.enum(caseStatuses);
export const Priority = z.enum(priorities);

export const CasePath = z.object({ caseId: CaseId });

const SlaTarget = z.object({
  dueAt: Timestamp,
  state: z.enum(slaStates),
  metAt: Timestamp.optional(),
  breachedAt: Timestamp.optional(),
  remainingMinutes: z.number().min(0).optional().meta({ description: 'While paused: the business minutes that were left.' }),
});

export const CaseSla = z
  .object({
    policy: Priority.meta({ description: 'The priority whose targets apply.' }),
    state: z.enum(slaStates),
    pausedAt: Timestamp.optional().meta({ description: 'Set while the case waits on the customer (`pending`): the clock is stopped.' }),
    firstResponse: SlaTarget,
    resolution: SlaTarget,
  })
  .meta({
    id: 'CaseSla',
    description: "The case's service-level targets, counted in the client's business hours (or around the clock for priorities served 24/7).",
  });

export const Case = z
  .object({
    caseId: CaseId,
    customerId: CustomerId,
    subject: z.string(),
    description: z.string().optional(),
    status: CaseStatus,
    priority: Priority,
    assigneeId: z.string().optional(),
    channel: Channel.optional().meta({ description: 'The channel the case was opened from.' }),
    openedAt: Timestamp,
    updatedAt: Timestamp,
    resolvedAt: Timestamp.optional(),
    closedAt: Timestamp.optional(),
    reopenCount: z.number().int().min(0),
    escalation: z
      .object({
        escalationId: EscalationId,
        queue: z.enum(escalationQueues),
        tier: z.number().int().optional(),
        status: z.enum(escalationStatuses),
        requestedAt: Timestamp,
        team: z.string().optional().meta({ description: 'Once assigned.' }),
        assignedAt: Timestamp.optional(),
      })
      .optional()
      .meta({ description: 'The latest escalation: waiting in its queue (`requested`), then `assigned` to a team.' }),
    sla: CaseSla.optional(),
    version: z.number().int().min(1).meta({ description: 'Increments on every change.' }),
  })
  .meta({ id: 'Case' });
export type Case = z.infer<typeof Case>;

export const CaseListQuery = TimelineQuery.extend({
  status: z.enum(listedCaseStatuses).default('open').meta({ description: 'The list to read. Closed cases are on none: find them on the customer’s timeline.' }),
  queue: z.enum(escalationQueues).optional().meta({ description: 'Cases whose latest escalation went to this queue.' }),
  assignee: Line.trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: '`me` (the caller’s token subject), `none` (assigned to nobody), or an assignee id.', example: 'me' }),
  priority: Priority.optional(),
}).strict();

export const CaseListItem = Case.extend({
  slaDueAt: Timestamp.optional().meta({ description: 'When the next running SLA target falls due (absent when none runs: met, breached, paused).' }),
}).meta({ id: 'CaseListItem' });

export const CasePage = z
  .object({
    items: z.array(CaseListItem).meta({
      description:
        'Most recently changed first. A filtered page may hold fewer than `limit` cases (even none) and still have a `nextCursor`: each request reads a bounded part of the list.',
    }),
    nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` (with the same filters) to get the next page; absent on the last page.' }),
  })
  .meta({ id: 'CasePage' });

export const OpenCaseRequest = z
  .object({
    customerId: CustomerId.optional().meta({ description: 'Required for staff roles; a customer opens cases for themselves.' }),
    subject: Line.trim().min(1).max(200),
    description: Text.max(maxTextLength).optional(),
    priority: Priority.optional().meta({ description: 'Staff roles only; `normal` when absent.' }),
    assigneeId: Line.min(1).max(100).optional().meta({ description: 'Staff roles only.' }),
    channel: Channel.optional(),
  })
  .strict()
  .meta({ id: 'OpenCaseRequest' });

export const UpdateCaseRequest = z
  .object({
    status: CaseStatus.optional(),
    priority: Priority.optional(),
    assigneeId: Line.min(1).max(100).nullable().optional().meta({ description: 'null unassigns.' }),
    subject: Line.trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'at least one of status, priority, assigneeId, subject' })
  .meta({ id: 'UpdateCaseRequest' });

const ContextInteraction = Interaction.extend({
  onThisCase: z.boolean(),
});

export const CaseContext = z
  .object({
    alreadyTried: AlreadyTried.optional(),
    incidents: z
      .array(z.object({ incidentId: z.string(), title: z.string(), severity: IncidentSeverity, declaredAt: Timestamp }))
      .meta({ description: 'Active incidents affecting this customer: read these first, the contact is probably about one.' }),
    case: Case,
    customer: Customer,
    summary: z.object({
      contactsOnCase: z.number().int(),
      recentContacts: z.number().int(),
      channelsUsed: z.array(Channel),
      firstContactAt: Timestamp.optional(),
      lastContactAt: Timestamp.optional(),
      lastChannel: Channel.optional(),
      intentsSeen: z.array(z.enum(intents)).meta({ description: 'Every intent read in these interactions.' }),
      latestSentiment: z.enum(sentiments).optional().meta({ description: 'The tone of the most recent text.' }),
    }),
    channels: z.array(z.object({ channel: Channel, lastContactAt: Timestamp, interactions: z.array(ContextInteraction) })).meta({
      description:
        'Every interaction of the case and the customer’s other recent ones, grouped by channel, most recently active channel first; oldest first within a channel.',
    }),
    recentWindowDays: z.number().int(),
    surveys: z
      .array(CaseSurvey)
      .optional()
      .meta({ description: 'The surveys about this case, oldest first, with the answers and comment once given (absent when none was offered).' }),
  })
  .meta({ id: 'CaseContext', description: 'The handoff view for the next agent: what the customer said and already tried, on every channel.' });
