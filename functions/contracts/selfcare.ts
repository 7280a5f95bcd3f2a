import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { channels, Language } from '../domain/channels';
import { ArticleId, CaseId, CustomerId } from '../domain/ids';
import { flowLimits, flowOutcomes, flowProblems, handoverChannels } from '../domain/selfcare';
import { triedActions } from '../domain/text-analysis';
import { Callback } from './callbacks';
import { Email, Line, Phone, Text, Timestamp } from './common';

/** Self-care: guided troubleshooting flows, the sessions of the self-care site, the handover to a human. */

const Slug = (what: string) => z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, `${what}: lower-case letters, digits and dashes (at most 64 characters)`));

export const FlowId = meta(Slug('a flow id'), { example: 'internet-box-down-fr' });
export const StepId = Slug('a step id');
export const AnswerId = Slug('an answer id');
/** Articles are the knowledge base's: a flow only names one. */
export const SessionId = z.string().check(z.regex(/^scs_[A-Za-z0-9_-]{22}$/, 'a self-care session id such as scs_… (as POST /selfcare/sessions returned it)'));

export const FlowNext = meta(
  z.union([z.strictObject({ step: StepId }), z.strictObject({ articleId: ArticleId }), z.strictObject({ outcome: z.enum(flowOutcomes) })]),
  { description: 'Where the answer leads: another step of the flow, an article, or an outcome (solved, talk to someone).' },
);

const FlowStepInput = z.strictObject({
  stepId: StepId,
  instruction: Text.check(z.trim(), z.minLength(1), z.maxLength(500)),
  answers: z
    .array(z.strictObject({ answerId: AnswerId, label: Line.check(z.trim(), z.minLength(1), z.maxLength(120)), next: FlowNext }))
    .check(z.minLength(1), z.maxLength(flowLimits.answersPerStep)),
});

export const CreateFlowRequest = meta(
  z
    .strictObject({
      flowId: meta(FlowId, { description: 'Chosen by the author, so a flow can be linked to before it exists; one flow per id.' }),
      locale: Language,
      title: Line.check(z.trim(), z.minLength(1), z.maxLength(200)),
      startStepId: StepId,
      steps: z.array(FlowStepInput).check(z.minLength(1), z.maxLength(flowLimits.steps)),
    })
    .check(
      z.superRefine((flow, ctx) => {
        for (const problem of flowProblems(flow))
          ctx.addIssue({ code: 'custom', message: problem.message, path: problem.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) });
      }),
    ),
  { id: 'CreateFlowRequest', description: 'A decision tree: every `next.step` exists, every step is reachable from the start.' },
);

export const FlowPath = z.object({ flowId: FlowId });

const FlowStepView = z.object({
  stepId: z.string(),
  instruction: z.string(),
  answers: z.array(z.object({ answerId: z.string(), label: z.string(), next: FlowNext })),
});

export const Flow = meta(
  z.object({
    flowId: z.string(),
    locale: Language,
    title: z.string(),
    startStepId: z.string(),
    steps: z.array(FlowStepView),
    createdAt: Timestamp,
    version: z.int().check(z.gte(1)),
  }),
  { id: 'Flow' },
);

export const SessionPath = z.object({ sessionId: SessionId });

export const SelfcareSessionCreated = meta(
  z.object({
    sessionId: meta(z.string(), { description: '128 random bits: the only key to an anonymous session; keep it secret like a password.' }),
    expiresAt: Timestamp,
  }),
  { id: 'SelfcareSessionCreated' },
);

export const SessionEventRequest = meta(
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('article_viewed'), articleId: ArticleId }),
    z.strictObject({
      type: z.literal('article_voted'),
      articleId: ArticleId,
      helpful: z.boolean(),
      reason: meta(z.optional(Line.check(z.trim(), z.minLength(1), z.maxLength(200))), { description: 'Why it did not help (kept with the session only).' }),
    }),
  ]),
  { id: 'SessionEventRequest' },
);

export const SessionSummary = meta(
  z.object({
    sessionId: z.string(),
    startedAt: Timestamp,
    lastActivityAt: Timestamp,
    activities: meta(z.int(), { description: 'Activities recorded so far (the oldest beyond the bound are folded, still counted).' }),
    expiresAt: Timestamp,
  }),
  { id: 'SelfcareSessionSummary' },
);

export const IdentifiedSession = meta(z.extend(SessionSummary, { customerId: CustomerId }), { id: 'IdentifiedSelfcareSession' });

export const StepRequest = meta(
  z.strictObject({
    flowId: FlowId,
    stepId: meta(StepId, { description: 'The step answered: the current step of this flow in the session (its start at first).' }),
    answer: meta(AnswerId, { description: 'One of that step’s answer ids.' }),
  }),
  { id: 'StepRequest' },
);

export const StepResult = meta(
  z.object({
    flowId: z.string(),
    stepId: z.string(),
    answer: z.string(),
    next: z.union([
      z.object({ type: z.literal('step'), step: FlowStepView }),
      z.object({ type: z.literal('article'), articleId: z.string() }),
      z.object({ type: z.literal('outcome'), outcome: z.enum(flowOutcomes) }),
    ]),
  }),
  { id: 'StepResult' },
);

export const HandoverRequest = meta(
  z.strictObject({
    channel: z.enum(handoverChannels),
    customer: z
      .strictObject({ email: z.optional(Email), phone: z.optional(Phone), customerId: z.optional(CustomerId) })
      .check(
        z.refine((c) => c.email !== undefined || c.phone !== undefined || c.customerId !== undefined, { message: 'give an email, a phone or a customer id' }),
      ),
    message: meta(z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(2000))), {
      description: 'What the visitor wants to add, recorded as their web_selfcare contact on the case.',
    }),
  }),
  { id: 'HandoverRequest' },
);

export const HandoverResult = meta(
  z.object({
    caseId: CaseId,
    customerId: CustomerId,
    sessionId: z.string(),
    channel: z.enum(handoverChannels),
    interactionId: meta(z.string(), { description: 'The web_selfcare contact recorded on the case and the customer’s timeline.' }),
    callback: meta(z.optional(Callback), { description: 'For a callback handover: the callback, with its estimated wait.' }),
  }),
  { id: 'HandoverResult' },
);

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
