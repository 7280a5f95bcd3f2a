import * as z from 'zod';
import { channels, Language } from '../domain/channels';
import { ArticleId, CaseId, CustomerId } from '../domain/ids';
import { flowLimits, flowOutcomes, flowProblems, handoverChannels } from '../domain/selfcare';
import { triedActions } from '../domain/text-analysis';
import { Callback } from './callbacks';
import { Email, Line, Phone, Text, Timestamp } from './common';

/** Self-care: guided troubleshooting flows, the sessions of the self-care site, the handover to a human. */

const Slug = (what: string) => z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, `${what}: lower-case letters, digits and dashes (at most 64 characters)`);

export const FlowId = Slug('a flow id').meta({ example: 'internet-box-down-fr' });
export const StepId = Slug('a step id');
export const AnswerId = Slug('an answer id');
/** Articles are the knowledge base's: a flow only names one. */
export const SessionId = z.string().regex(/^scs_[A-Za-z0-9_-]{22}$/, 'a self-care session id such as scs_… (as POST /selfcare/sessions returned it)');

export const FlowNext = z
  .union([z.object({ step: StepId }).strict(), z.object({ articleId: ArticleId }).strict(), z.object({ outcome: z.enum(flowOutcomes) }).strict()])
  .meta({ description: 'Where the answer leads: another step of the flow, an article, or an outcome (solved, talk to someone).' });

const FlowStepInput = z
  .object({
    stepId: StepId,
    instruction: Text.trim().min(1).max(500),
    answers: z
      .array(z.object({ answerId: AnswerId, label: Line.trim().min(1).max(120), next: FlowNext }).strict())
      .min(1)
      .max(flowLimits.answersPerStep),
  })
  .strict();

export const CreateFlowRequest = z
  .object({
    flowId: FlowId.meta({ description: 'Chosen by the author, so a flow can be linked to before it exists; one flow per id.' }),
    locale: Language,
    title: Line.trim().min(1).max(200),
    startStepId: StepId,
    steps: z.array(FlowStepInput).min(1).max(flowLimits.steps),
  })
  .strict()
  .superRefine((flow, ctx) => {
    for (const problem of flowProblems(flow))
      ctx.addIssue({ code: 'custom', message: problem.message, path: problem.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) });
  })
  .meta({ id: 'CreateFlowRequest', description: 'A decision tree: every `next.step` exists, every step is reachable from the start.' });

export const FlowPath = z.object({ flowId: FlowId });

const FlowStepView = z.object({
  stepId: z.string(),
  instruction: z.string(),
  answers: z.array(z.object({ answerId: z.string(), label: z.string(), next: FlowNext })),
});

export const Flow = z
  .object({
    flowId: z.string(),
    locale: Language,
    title: z.string(),
    startStepId: z.string(),
    steps: z.array(FlowStepView),
    createdAt: Timestamp,
    version: z.number().int().min(1),
  })
  .meta({ id: 'Flow' });

export const SessionPath = z.object({ sessionId: SessionId });

export const SelfcareSessionCreated = z
  .object({
    sessionId: z.string().meta({ description: '128 random bits: the only key to an anonymous session; keep it secret like a password.' }),
    expiresAt: Timestamp,
  })
  .meta({ id: 'SelfcareSessionCreated' });

export const SessionEventRequest = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('article_viewed'), articleId: ArticleId }).strict(),
    z
      .object({
        type: z.literal('article_voted'),
        articleId: ArticleId,
        helpful: z.boolean(),
        reason: Line.trim().min(1).max(200).optional().meta({ description: 'Why it did not help (kept with the session only).' }),
      })
      .strict(),
  ])
  .meta({ id: 'SessionEventRequest' });

export const SessionSummary = z
  .object({
    sessionId: z.string(),
    startedAt: Timestamp,
    lastActivityAt: Timestamp,
    activities: z.number().int().meta({ description: 'Activities recorded so far (the oldest beyond the bound are folded, still counted).' }),
    expiresAt: Timestamp,
  })
  .meta({ id: 'SelfcareSessionSummary' });

export const IdentifiedSession = SessionSummary.extend({ customerId: CustomerId }).meta({ id: 'IdentifiedSelfcareSession' });

export const StepRequest = z
  .object({
    flowId: FlowId,
    stepId: StepId.meta({ description: 'The step answered: the current step of this flow in the session (its start at first).' }),
    answer: AnswerId.meta({ description: 'One of that step’s answer ids.' }),
  })
  .strict()
  .meta({ id: 'StepRequest' });

export const StepResult = z
  .object({
    flowId: z.string(),
    stepId: z.string(),
    answer: z.string(),
    next: z.union([
      z.object({ type: z.literal('step'), step: FlowStepView }),
      z.object({ type: z.literal('article'), articleId: z.string() }),
      z.object({ type: z.literal('outcome'), outcome: z.enum(flowOutcomes) }),
    ]),
  })
  .meta({ id: 'StepResult' });

export const HandoverRequest = z
  .object({
    channel: z.enum(handoverChannels),
    customer: z
      .object({ email: Email.optional(), phone: Phone.optional(), customerId: CustomerId.optional() })
      .strict()
      .refine((c) => c.email !== undefined || c.phone !== undefined || c.customerId !== undefined, { message: 'give an email, a phone or a customer id' }),
    message: Text.trim()
      .min(1)
      .max(2000)
      .optional()
      .meta({ description: 'What the visitor wants to add, recorded as their web_selfcare contact on the case.' }),
  })
  .strict()
  .meta({ id: 'HandoverRequest' });

export const HandoverResult = z
  .object({
    caseId: CaseId,
    customerId: CustomerId,
    sessionId: z.string(),
    channel: z.enum(handoverChannels),
    interactionId: z.string().meta({ description: 'The web_selfcare contact recorded on the case and the customer’s timeline.' }),
    callback: Callback.optional().meta({ description: 'For a callback handover: the callback, with its estimated wait.' }),
  })
  .meta({ id: 'HandoverResult' });

export const AlreadyTried = z
  .array(
    z.object({
      at: Timestamp,
      kind: z.enum(['flow_step', 'article_viewed', 'article_voted', 'search_without_result', 'said']),
      summary: z.string().meta({
        description:
          'One line for the agent, in English around the customer’s own words ("Unplug the box for 10 seconds…: Still not working"); a front end in another language builds its line from the fields below.',
      }),
      sessionId: z.string().optional(),
      flowId: z.string().optional(),
      stepId: z.string().optional(),
      answer: z.string().optional(),
      articleId: z.string().optional(),
      articleTitle: z.string().optional().meta({ description: 'The title of the article read or voted on, when it still exists.' }),
      helpful: z.boolean().optional(),
      reason: z.string().optional().meta({ description: 'For `article_voted`: the reason given, in the customer’s words.' }),
      query: z.string().optional().meta({ description: 'For `search_without_result`: what the customer typed.' }),
      interactionId: z.string().optional(),
      channel: z.enum(channels).optional().meta({ description: 'For `said`: the channel of the contact they said it in.' }),
      actions: z.array(z.enum(triedActions)).optional().meta({ description: 'For `said`: what the customer says they already did.' }),
    }),
  )
  .meta({
    description:
      'What the customer already tried, oldest first (first in the context; absent when nothing was tried): the self-care sessions handed over to this case (flow steps and answers, articles read and votes, searches that found nothing) and what they said they did in their contacts on the case.',
  });
