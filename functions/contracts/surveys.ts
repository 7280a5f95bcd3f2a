import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { priorities } from '../domain/cases';
import { Channel, Language } from '../domain/channels';
import { escalationQueues } from '../domain/escalations';
import { preferenceAnswers, surveyQuestions, surveyScales, surveyTriggers } from '../domain/surveys';
import { Text, Timestamp } from './common';

/** Surveys (voice of the customer): the page behind a survey link, the answers, and a survey as the case and timeline show it. */

export const SurveyTokenPath = z.object({
  token: meta(z.string(), { description: 'The token of the survey link, as the message carried it (unknown or malformed: 404).' }),
});

const scale = (question: keyof typeof surveyScales) =>
  meta(z.optional(z.int().check(z.gte(surveyScales[question].min), z.lte(surveyScales[question].max))), {
    description: `${surveyScales[question].min} to ${surveyScales[question].max}.`,
  });

export const SurveyAnswers = meta(
  z
    .strictObject({
      csat: scale('csat'),
      ces: scale('ces'),
      preference: meta(z.optional(z.enum(preferenceAnswers)), { description: '"Next time, would you choose us again?"' }),
      nps: scale('nps'),
    })
    .check(z.refine((answers) => Object.values(answers).some((answer) => answer !== undefined), 'answer at least one question')),
  { id: 'SurveyAnswers', description: 'Only the questions the survey asked (another one is a 422 naming it).' },
);

export const SurveyResponseRequest = z.strictObject({
  answers: SurveyAnswers,
  comment: meta(z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(2000))), { description: 'Only when the survey offers a comment.' }),
});

export const InChannelSurveyResponseRequest = z.strictObject({
  channel: meta(Channel, { description: 'The channel the answer was given on (an SMS reply: sms; IVR keys: ivr).' }),
  answers: SurveyAnswers,
  comment: z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(2000))),
});

export const SurveyResponseResult = meta(z.object({ surveyId: z.string(), status: z.literal('answered'), answeredAt: Timestamp }), {
  id: 'SurveyResponseResult',
  description: 'The answer was recorded; the survey cannot be answered again.',
});

export const SurveyPage = meta(
  z.object({
    language: Language,
    questions: z.array(
      z.object({
        question: z.enum(surveyQuestions),
        text: z.string(),
        min: z.optional(z.int()),
        max: z.optional(z.int()),
        options: z.optional(z.array(z.enum(preferenceAnswers))),
      }),
    ),
    comment: meta(z.optional(z.object({ text: z.string() })), { description: 'Present when an optional comment is offered.' }),
    closesAt: Timestamp,
  }),
  { id: 'SurveyPage', description: "The survey's questions in the customer's language; nothing about the customer or the case." },
);

/** A survey as the case's context and the customer's timeline show it: never its link. */
export const CaseSurvey = meta(
  z.object({
    surveyId: z.string(),
    trigger: z.enum(surveyTriggers),
    offeredOn: Channel,
    status: z.enum(['offered', 'answered']),
    offeredAt: Timestamp,
    closesAt: Timestamp,
    answeredAt: z.optional(Timestamp),
    answeredOn: z.optional(Channel),
    answers: z.optional(
      z.object({
        csat: z.optional(z.int()),
        ces: z.optional(z.int()),
        preference: z.optional(z.enum(preferenceAnswers)),
        nps: z.optional(z.int()),
      }),
    ),
    comment: z.optional(z.string()),
    at: meta(
      z.optional(
        z.object({
          queue: z.optional(z.enum(escalationQueues)),
          team: z.optional(z.string()),
          agentId: z.optional(z.string()),
          priority: z.optional(z.enum(priorities)),
        }),
      ),
      { description: 'Where the case stood when the customer answered: its queue, team, agent and priority then.' },
    ),
    detractorReasons: meta(z.optional(z.array(z.enum(surveyQuestions))), { description: "The answers that crossed the client's low-score thresholds." }),
  }),
  { id: 'CaseSurvey', description: 'A survey about the case, with the answer once given.' },
);
