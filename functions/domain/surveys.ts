/**
 * Surveys: the questions a client brand may ask after a contact, and what a low score is. Pure
 * vocabulary shared by the survey routes, the events and the KPI consumer, so a question or a
 * scale is written once.
 */

/** The questions a client may ask; which ones (and the comment) is the client's config. */
export const surveyQuestions = ['csat', 'ces', 'preference', 'nps'] as const;
export type SurveyQuestion = (typeof surveyQuestions)[number];

/** "Next time, would you choose us again?" */
export const preferenceAnswers = ['yes', 'no', 'maybe'] as const;
export type PreferenceAnswer = (typeof preferenceAnswers)[number];

/** The numeric scales, inclusive: csat 1–5, ces 1–7 ("it was easy to handle my request"), nps 0–10. */
export const surveyScales = {
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  nps: { min: 0, max: 10 },
} as const satisfies Record<Exclude<SurveyQuestion, 'preference'>, { min: number; max: number }>;

export interface SurveyAnswers {
  csat?: number;
  ces?: number;
  preference?: PreferenceAnswer;
  nps?: number;
}

/** What triggers a survey: a case resolved, a callback completed, a self-care session handed over. */
export const surveyTriggers = ['case_resolved', 'callback_completed', 'selfcare_handover'] as const;
export type SurveyTrigger = (typeof surveyTriggers)[number];

/** Which answers make a detractor; the defaults of the issue, overridable per client. */
export interface DetractorThresholds {
  csatAtMost: number;
  cesAtLeast: number;
  preference: readonly PreferenceAnswer[];
}
export const defaultDetractorThresholds: DetractorThresholds = { csatAtMost: 2, cesAtLeast: 6, preference: ['no'] };

/** The questions whose answer crossed a threshold (empty: not a detractor). */
export function detractorReasons(answers: SurveyAnswers, thresholds: DetractorThresholds = defaultDetractorThresholds): SurveyQuestion[] {
  const reasons: SurveyQuestion[] = [];
  if (answers.csat !== undefined && answers.csat <= thresholds.csatAtMost) reasons.push('csat');
  if (answers.ces !== undefined && answers.ces >= thresholds.cesAtLeast) reasons.push('ces');
  if (answers.preference !== undefined && thresholds.preference.includes(answers.preference)) reasons.push('preference');
  return reasons;
}
