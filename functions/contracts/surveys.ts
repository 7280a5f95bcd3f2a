import * as z from 'zod';
import { priorities } from '../domain/cases';
import { Channel, Language } from '../domain/channels';
import { escalationQueues } from '../domain/escalations';
import { preferenceAnswers, surveyQuestions, surveyScales, surveyTriggers } from '../domain/surveys';
import { Text, Timestamp } from './common';

/** Surveys (voice of the customer): the page behind a survey link, the answers, and a survey as the case and timeline show it. */

export const SurveyTokenPath = z.object({
  token: z.string().meta({ description: 'The token of the survey link, as the message carried it (unknown or malformed: 404).' }),
});

const scale = (question: keyof typeof surveyScales) =>
  z
    .number()
    .int()
    .min(surveyScales[question].min)
    .max(surveyScales[question].max)
    .optional()
    .meta({
      description: `${surveyScales[question].min} to ${surveyScales[question].max}.`,
    });

export const SurveyAnswers = z
  .object({
    csat: scale('csat'),
    ces: scale('ces'),
    preference: z.enum(preferenceAnswers).optional().meta({ description: '"Next time, would you choose us again?"' }),
    nps: scale('nps'),
  })
  .strict()
  .refine((answers) => Object.values(answers).some((answer) => answer !== undefined), 'answer at least one question')
  .meta({ id: 'SurveyAnswers', description: 'Only the questions the survey asked (another one is a 422 naming it).' });

export const SurveyResponseRequest = z
  .object({
    answers: SurveyAnswers,
    comment: Text.trim().min(1).max(2000).optional().meta({ description: 'Only when the survey offers a comment.' }),
  })
  .strict();

export const InChannelSurveyResponseRequest = z
  .object({
    channel: Channel.meta({ description: 'The channel the answer was given on (an SMS reply: sms; IVR keys: ivr).' }),
    answers: SurveyAnswers,
    comment: Text.trim().min(1).max(2000).optional(),
  })
  .strict();

export const SurveyResponseResult = z
  .object({ surveyId: z.string(), status: z.literal('answered'), answeredAt: Timestamp })
  .meta({ id: 'SurveyResponseResult', description: 'The answer was recorded; the survey cannot be answered again.' });

export const SurveyPage = z
  .object({
    language: Language,
    questions: z.array(
      z.object({
        question: z.enum(surveyQuestions),
        text: z.string(),
        min: z.number().int().optional(),
        max: z.number().int().optional(),
        options: z.array(z.enum(preferenceAnswers)).optional(),
      }),
    ),
    comment: z.object({ text: z.string() }).optional().meta({ description: 'Present when an optional comment is offered.' }),
    closesAt: Timestamp,
  })
  .meta({ id: 'SurveyPage', description: "The survey's questions in the customer's language; nothing about the customer or the case." });

/** A survey as the case's context and the customer's timeline show it: never its link. */
export const CaseSurvey = z
  .object({
    surveyId: z.string(),
    trigger: z.enum(surveyTriggers),
    offeredOn: Channel,
    status: z.enum(['offered', 'answered']),
    offeredAt: Timestamp,
    closesAt: Timestamp,
    answeredAt: Timestamp.optional(),
    answeredOn: Channel.optional(),
    answers: z
      .object({
        csat: z.number().int().optional(),
        ces: z.number().int().optional(),
        preference: z.enum(preferenceAnswers).optional(),
        nps: z.number().int().optional(),
      })
      .optional(),
    comment: z.string().optional(),
    at: z
      .object({
        queue: z.enum(escalationQueues).optional(),
        team: z.string().optional(),
        agentId: z.string().optional(),
        priority: z.enum(priorities).optional(),
      })
      .optional()
      .meta({ description: 'Where the case stood when the customer answered: its queue, team, agent and priority then.' }),
    detractorReasons: z.array(z.enum(surveyQuestions)).optional().meta({ description: "The answers that crossed the client's low-score thresholds." }),
  })
  .meta({ id: 'CaseSurvey', description: 'A survey about the case, with the answer once given.' });
