import { createHash, randomBytes } from 'node:crypto';
import type { Priority } from './cases';
import type { Channel, Language } from './channels';
import type { EscalationQueue } from './escalations';

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

/**
 * Which trigger a resolved case is surveyed under: a case a self-care session was handed over to
 * (opened on web_selfcare) as `selfcare_handover` when the client surveys those, else as
 * `case_resolved` when it surveys resolutions; none otherwise.
 */
export function resolutionTrigger(triggers: readonly SurveyTrigger[], caseChannel: Channel | undefined): SurveyTrigger | undefined {
  if (caseChannel === 'web_selfcare' && triggers.includes('selfcare_handover')) return 'selfcare_handover';
  return triggers.includes('case_resolved') ? 'case_resolved' : undefined;
}

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

/** Where a survey is put to the customer: a link on their preferred consented channel, or asked inline on a chat contact. */
export const surveyDeliveries = ['preferred_channel', 'inline_chat'] as const;
export type SurveyDelivery = (typeof surveyDeliveries)[number];

/** What closing the loop does after a detractor's answer (besides telling the supervisors). */
export const surveyLoopActions = ['none', 'offer_callback', 'reopen_case'] as const;
export type SurveyLoopAction = (typeof surveyLoopActions)[number];

/** What the survey functions read of the client config (`surveys`). */
export interface SurveyRules {
  questions: SurveyQuestion[];
  comment: boolean;
  triggers: SurveyTrigger[];
  delivery: SurveyDelivery;
  openDays: number;
  /** At most one survey per customer in this many days. */
  fatigueDays: number;
  detractor: DetractorThresholds;
  loopAction: SurveyLoopAction;
  /** The survey page the link opens; `{token}` is replaced by the token (never stored). */
  pageUrl: string;
}

/** A survey put to a customer, and once answered, their answer (with where the contact stood then). */
export interface Survey {
  surveyId: string;
  customerId: string;
  caseId?: string;
  /** The callback it is about (trigger `callback_completed`). */
  callbackId?: string;
  trigger: SurveyTrigger;
  /** The channel of the contact it is about (the case's). */
  channel: Channel;
  /** Where it was offered: the notification's channel, or chat when asked inline. */
  offeredOn: Channel;
  questions: SurveyQuestion[];
  comment: boolean;
  language: Language;
  status: 'offered' | 'answered';
  offeredAt: string;
  /** After this the link answers 410. */
  closesAt: string;
  answeredAt?: string;
  answeredOn?: Channel;
  answers?: SurveyAnswers;
  /** The customer's words (kept here only: events carry `hasComment`). */
  commentText?: string;
  /** Where the contact stood at answer time. */
  at?: { queue?: EscalationQueue; team?: string; agentId?: string; priority?: Priority };
  detractorReasons?: SurveyQuestion[];
}

/**
 * A survey's id follows from what offered it (the resolution event) and the customer: a second
 * delivery of the same event finds it, so nobody is offered the same survey twice.
 */
export function surveyIdOf(dedupeKey: string, customerId: string): string {
  return `svy_${createHash('sha256').update(`survey|${dedupeKey}|${customerId}`).digest('hex').slice(0, 26).toUpperCase()}`;
}

/** A survey token: 128 random bits, base64url (22 characters). Only its SHA-256 is ever stored. */
export function newSurveyToken(): string {
  return randomBytes(16).toString('base64url');
}

/** What the store keeps of a token: its SHA-256, hex. The token cannot be worked back from it. */
export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token as newSurveyToken writes it; anything else is refused before any read. */
export function isSurveyToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(value);
}

/** The link as sent (with the token) and as stored on the notification (`{token}` left in place: staff never see a token). */
export function surveyLink(pageUrl: string, token?: string): string {
  return token === undefined ? pageUrl : pageUrl.replace('{token}', encodeURIComponent(token));
}

/** The answers given to questions the survey did not ask, by field (`answers.nps`), and a comment it did not ask for. */
export function unaskedAnswers(survey: Pick<Survey, 'questions' | 'comment'>, answers: SurveyAnswers, comment?: string): string[] {
  const unasked = surveyQuestions.filter((q) => answers[q] !== undefined && !survey.questions.includes(q)).map((q) => `answers.${q}`);
  return comment !== undefined && !survey.comment ? [...unasked, 'comment'] : unasked;
}

/** The questions as the survey page shows them, per language. */
export const surveyQuestionTexts: Record<SurveyQuestion, Record<Language, string>> = {
  csat: { fr: 'Êtes-vous satisfait(e) de notre réponse ?', en: 'How satisfied are you with our answer?' },
  ces: { fr: 'Il a été facile de traiter ma demande.', en: 'It was easy to handle my request.' },
  preference: { fr: 'La prochaine fois, nous choisiriez-vous à nouveau ?', en: 'Next time, would you choose us again?' },
  nps: { fr: 'Nous recommanderiez-vous à un proche ?', en: 'Would you recommend us to a friend?' },
};

export const surveyCommentTexts: Record<Language, string> = { fr: 'Un commentaire ?', en: 'Anything to add?' };

/** A case's surveys as the handoff context shows them: the answers and the comment, where the case stood; never a link. */
export function surveyView(survey: Survey) {
  const { surveyId, trigger, offeredOn, status, offeredAt, closesAt, answeredAt, answeredOn, answers, commentText, at, detractorReasons: reasons } = survey;
  return {
    surveyId,
    trigger,
    offeredOn,
    status,
    offeredAt,
    closesAt,
    ...(answeredAt ? { answeredAt } : {}),
    ...(answeredOn ? { answeredOn } : {}),
    ...(answers ? { answers } : {}),
    ...(commentText ? { comment: commentText } : {}),
    ...(at ? { at } : {}),
    ...(reasons ? { detractorReasons: reasons } : {}),
  };
}
