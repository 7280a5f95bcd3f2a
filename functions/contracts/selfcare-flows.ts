import * as z from 'zod/mini';
import { Language } from '../domain/channels';
import { ArticleId } from '../domain/ids';
import { flowLimits, flowOutcomes, flowProblems } from '../domain/selfcare';
import { meta } from '../domain/schema-meta';
import { Line, Text, Timestamp } from './common';

/**
 * Self-care's guided troubleshooting flows: authoring a flow and answering its steps. Apart from
 * the sessions and the handover (./selfcare.ts) because esbuild keeps every schema of a module a
 * function imports (a zod call may have effects, as far as it can tell): the handover and the
 * session routes do not carry these.
 */

const Slug = (what: string) => z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, `${what}: lower-case letters, digits and dashes (at most 64 characters)`));

export const FlowId = meta(Slug('a flow id'), { example: 'internet-box-down-fr' });
export const StepId = Slug('a step id');
export const AnswerId = Slug('an answer id');

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
