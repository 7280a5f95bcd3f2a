import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { Channel, channels } from '../domain/channels';
import { caseStatuses, listedCaseStatuses, priorities } from '../domain/cases';
import { escalationQueues, escalationStatuses } from '../domain/escalations';
import { slaStates } from '../domain/sla';
import { CaseId, CustomerId, EscalationId } from '../domain/ids';
import { intents, sentiments, triedActions } from '../domain/text-analysis';
import { Line, maxTextLength, Text, TimelineQuery, Timestamp } from './common';
import { Customer } from './customers';
import { IncidentSeverity } from './incidents';
import { Interaction } from './interactions';
import { CaseSurvey } from './surveys';

/** Cases: opening, updating, their SLA, and the handoff view for the next agent. */

export const CaseStatus = z.enum(caseStatuses);
export const Priority = z.enum(priorities);

export const CasePath = z.object({ caseId: CaseId });

const SlaTarget = z.object({
  dueAt: Timestamp,
  state: z.enum(slaStates),
  metAt: z.optional(Timestamp),
  breachedAt: z.optional(Timestamp),
  remainingMinutes: meta(z.optional(z.number().check(z.gte(0))), { description: 'While paused: the business minutes that were left.' }),
});

export const CaseSla = meta(
  z.object({
    policy: meta(Priority, { description: 'The priority whose targets apply.' }),
    state: z.enum(slaStates),
    pausedAt: meta(z.optional(Timestamp), { description: 'Set while the case waits on the customer (`pending`): the clock is stopped.' }),
    firstResponse: SlaTarget,
    resolution: SlaTarget,
  }),
  {
    id: 'CaseSla',
    description: "The case's service-level targets, counted in the client's business hours (or around the clock for priorities served 24/7).",
  },
);

export const Case = meta(
  z.object({
    caseId: CaseId,
    customerId: CustomerId,
    subject: z.string(),
    description: z.optional(z.string()),
    status: CaseStatus,
    priority: Priority,
    assigneeId: z.optional(z.string()),
    channel: meta(z.optional(Channel), { description: 'The channel the case was opened from.' }),
    openedAt: Timestamp,
    updatedAt: Timestamp,
    resolvedAt: z.optional(Timestamp),
    closedAt: z.optional(Timestamp),
    reopenCount: z.int().check(z.gte(0)),
    escalation: meta(
      z.optional(
        z.object({
          escalationId: EscalationId,
          queue: z.enum(escalationQueues),
          tier: z.optional(z.int()),
          status: z.enum(escalationStatuses),
          requestedAt: Timestamp,
          team: meta(z.optional(z.string()), { description: 'Once assigned.' }),
          assignedAt: z.optional(Timestamp),
        }),
      ),
      { description: 'The latest escalation: waiting in its queue (`requested`), then `assigned` to a team.' },
    ),
    sla: z.optional(CaseSla),
    version: meta(z.int().check(z.gte(1)), { description: 'Increments on every change.' }),
  }),
  { id: 'Case' },
);
export type Case = z.infer<typeof Case>;

export const CaseListQuery = z.extend(TimelineQuery, {
  status: meta(z._default(z.enum(listedCaseStatuses), 'open'), {
    description: 'The list to read. Closed cases are on none: find them on the customer’s timeline.',
  }),
  queue: meta(z.optional(z.enum(escalationQueues)), { description: 'Cases whose latest escalation went to this queue.' }),
  assignee: meta(z.optional(Line.check(z.trim(), z.minLength(1), z.maxLength(100))), {
    description: '`me` (the caller’s token subject), `none` (assigned to nobody), or an assignee id.',
    example: 'me',
  }),
  priority: z.optional(Priority),
});

export const CaseListItem = meta(
  z.extend(Case, {
    slaDueAt: meta(z.optional(Timestamp), { description: 'When the next running SLA target falls due (absent when none runs: met, breached, paused).' }),
  }),
  { id: 'CaseListItem' },
);

export const CasePage = meta(
  z.object({
    items: meta(z.array(CaseListItem), {
      description:
        'Most recently changed first. A filtered page may hold fewer than `limit` cases (even none) and still have a `nextCursor`: each request reads a bounded part of the list.',
    }),
    nextCursor: meta(z.optional(z.string()), { description: 'Pass as `cursor` (with the same filters) to get the next page; absent on the last page.' }),
  }),
  { id: 'CasePage' },
);

export const OpenCaseRequest = meta(
  z.strictObject({
    customerId: meta(z.optional(CustomerId), { description: 'Required for staff roles; a customer opens cases for themselves.' }),
    subject: Line.check(z.trim(), z.minLength(1), z.maxLength(200)),
    description: z.optional(Text.check(z.maxLength(maxTextLength))),
    priority: meta(z.optional(Priority), { description: 'Staff roles only; `normal` when absent.' }),
    assigneeId: meta(z.optional(Line.check(z.minLength(1), z.maxLength(100))), { description: 'Staff roles only.' }),
    channel: z.optional(Channel),
  }),
  { id: 'OpenCaseRequest' },
);

export const UpdateCaseRequest = meta(
  z
    .strictObject({
      status: z.optional(CaseStatus),
      priority: z.optional(Priority),
      assigneeId: meta(z.optional(z.nullable(Line.check(z.minLength(1), z.maxLength(100)))), { description: 'null unassigns.' }),
      subject: z.optional(Line.check(z.trim(), z.minLength(1), z.maxLength(200))),
    })
    .check(z.refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'at least one of status, priority, assigneeId, subject' })),
  { id: 'UpdateCaseRequest' },
);

const ContextInteraction = z.extend(Interaction, {
  onThisCase: z.boolean(),
});

export const AlreadyTried = meta(
  z.array(
    z.object({
      at: Timestamp,
      kind: z.enum(['flow_step', 'article_viewed', 'article_voted', 'search_without_result', 'said']),
      summary: meta(z.string(), {
        description:
          'One line for the agent, in English around the customer’s own words ("Unplug the box for 10 seconds…: Still not working"); a front end in another language builds its line from the fields below.',
      }),
      sessionId: z.optional(z.string()),
      flowId: z.optional(z.string()),
      stepId: z.optional(z.string()),
      answer: z.optional(z.string()),
      articleId: z.optional(z.string()),
      articleTitle: meta(z.optional(z.string()), { description: 'The title of the article read or voted on, when it still exists.' }),
      helpful: z.optional(z.boolean()),
      reason: meta(z.optional(z.string()), { description: 'For `article_voted`: the reason given, in the customer’s words.' }),
      query: meta(z.optional(z.string()), { description: 'For `search_without_result`: what the customer typed.' }),
      interactionId: z.optional(z.string()),
      channel: meta(z.optional(z.enum(channels)), { description: 'For `said`: the channel of the contact they said it in.' }),
      actions: meta(z.optional(z.array(z.enum(triedActions))), { description: 'For `said`: what the customer says they already did.' }),
    }),
  ),
  {
    description:
      'What the customer already tried, oldest first (first in the context; absent when nothing was tried): the self-care sessions handed over to this case (flow steps and answers, articles read and votes, searches that found nothing) and what they said they did in their contacts on the case.',
  },
);

export const CaseContext = meta(
  z.object({
    alreadyTried: z.optional(AlreadyTried),
    incidents: meta(z.array(z.object({ incidentId: z.string(), title: z.string(), severity: IncidentSeverity, declaredAt: Timestamp })), {
      description: 'Active incidents affecting this customer: read these first, the contact is probably about one.',
    }),
    case: Case,
    customer: Customer,
    summary: z.object({
      contactsOnCase: z.int(),
      recentContacts: z.int(),
      channelsUsed: z.array(Channel),
      firstContactAt: z.optional(Timestamp),
      lastContactAt: z.optional(Timestamp),
      lastChannel: z.optional(Channel),
      intentsSeen: meta(z.array(z.enum(intents)), { description: 'Every intent read in these interactions.' }),
      latestSentiment: meta(z.optional(z.enum(sentiments)), { description: 'The tone of the most recent text.' }),
    }),
    channels: meta(z.array(z.object({ channel: Channel, lastContactAt: Timestamp, interactions: z.array(ContextInteraction) })), {
      description:
        'Every interaction of the case and the customer’s other recent ones, grouped by channel, most recently active channel first; oldest first within a channel.',
    }),
    recentWindowDays: z.int(),
    surveys: meta(z.optional(z.array(CaseSurvey)), {
      description: 'The surveys about this case, oldest first, with the answers and comment once given (absent when none was offered).',
    }),
  }),
  { id: 'CaseContext', description: 'The handoff view for the next agent: what the customer said and already tried, on every channel.' },
);
