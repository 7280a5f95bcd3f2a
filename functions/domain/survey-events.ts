import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { Channel } from './channels';
import { preferenceAnswers, surveyQuestions, surveyScales, surveyTriggers } from './surveys';

import { defineEvent, Timestamp, Priority } from './event-definition';

/** The events of `support.surveys` (the catalog: functions/domain/events.ts). */
export const SurveyOffered = defineEvent({
  name: 'SurveyOffered',
  version: 1,
  source: 'support.surveys',
  description:
    'A survey was offered to a customer (its link sent through the notification path, or asked inline on chat). Ids only: never the link, whose token is a secret of the customer.',
  data: z.object({
    surveyId: z.string(),
    customerId: z.string(),
    caseId: z.optional(z.string()),
    callbackId: z.optional(z.string()),
    trigger: z.enum(surveyTriggers),
    channel: meta(Channel, { description: 'The channel the survey was offered on.' }),
    expiresAt: Timestamp,
  }),
});
export const SurveyAnswered = defineEvent({
  name: 'SurveyAnswered',
  version: 1,
  source: 'support.surveys',
  description:
    'A customer answered a survey (once: a second answer is refused). Carries the scores and where the contact stood when it was answered (channel, queue, team, agent), never the comment text.',
  data: z.object({
    surveyId: z.string(),
    customerId: z.string(),
    caseId: z.optional(z.string()),
    trigger: z.enum(surveyTriggers),
    channel: meta(Channel, { description: 'The channel of the contact the survey is about.' }),
    answeredOn: meta(Channel, { description: 'The channel the answer came in on (the survey page is web_selfcare; an SMS reply is sms).' }),
    queue: meta(z.optional(z.string()), { description: 'The escalation queue of the case at the time, if any.' }),
    team: meta(z.optional(z.string()), { description: 'The team of the case at the time, if any.' }),
    agentId: meta(z.optional(z.string()), { description: 'The agent of the case at the time, if any.' }),
    priority: z.optional(Priority),
    answers: z.object({
      csat: z.optional(z.int().check(z.gte(surveyScales.csat.min), z.lte(surveyScales.csat.max))),
      ces: z.optional(z.int().check(z.gte(surveyScales.ces.min), z.lte(surveyScales.ces.max))),
      preference: z.optional(z.enum(preferenceAnswers)),
      nps: z.optional(z.int().check(z.gte(surveyScales.nps.min), z.lte(surveyScales.nps.max))),
    }),
    hasComment: meta(z.boolean(), { description: 'Whether a comment was left (its text stays on the response record).' }),
    offeredAt: Timestamp,
  }),
});
export const SurveyDetractor = defineEvent({
  name: 'SurveyDetractor',
  version: 1,
  source: 'support.surveys',
  description:
    "A survey answer crossed the client's low-score thresholds (default csat ≤ 2, ces ≥ 6, preference no): the supervisors' webhook is told, and the client's config may offer a callback or reopen the case.",
  data: z.object({
    surveyId: z.string(),
    customerId: z.string(),
    caseId: z.optional(z.string()),
    reasons: meta(z.array(z.enum(surveyQuestions)).check(z.minLength(1)), { description: 'The questions whose answers crossed a threshold.' }),
  }),
});
