import type { Channel, Language } from '../domain/channels';
import { outboxEvent } from '../domain/outbox-event';
import type { Principal } from '../domain/roles';
import {
  detractorReasons,
  hashSurveyToken,
  isSurveyToken,
  newSurveyToken,
  preferenceAnswers,
  type Survey,
  type SurveyAnswers,
  surveyCommentTexts,
  surveyIdOf,
  surveyLink,
  surveyQuestionTexts,
  type SurveyRules,
  surveyScales,
  type SurveyTrigger,
  unaskedAnswers,
} from '../domain/surveys';
import type { Dependencies } from './dependencies';
import { Conflict, Gone, InvalidInput, NotFound, Unprocessable } from './errors';
import type { Surveys } from './ports/surveys';
import type { QueueDepth } from './ports/queues';
import { requestCallback } from './callbacks';
import { updateCase } from './cases';
import { SurveyAnswered, SurveyDetractor, SurveyOffered } from '../domain/survey-events';

/** What offering a survey needs: the store, the client's rules and a clock. */
export interface SurveyOfferDependencies {
  surveys: Surveys;
  surveyRules: SurveyRules;
  now: () => Date;
}

export interface SurveyOffer {
  /** What offers it (the resolution event): with the customer, it makes the survey's id. */
  dedupeKey: string;
  customerId: string;
  caseId?: string;
  callbackId?: string;
  trigger: SurveyTrigger;
  /** The channel of the contact it is about (absent: a case opened without one, taken as where the survey is offered). */
  channel?: Channel;
  /** Where it is put to the customer: the notice's channel, or the chat it is asked inline on. */
  offeredOn: Channel;
  language: Language;
  correlationId: string;
}

/** Tokens stay findable this long after their survey closes, so a late click is told 410 (closed) rather than 404. */
const tokenGraceDays = 30;
const dayMs = 86_400_000;

/**
 * Offers a survey, once, if fatigue allows. Primary course: the client asks after this trigger;
 * the survey (its id from the request, so a redelivery finds it) is stored with `SurveyOffered`
 * and claims the customer's fatigue slot in one transaction. Returns the survey, or undefined when
 * the customer was surveyed within `fatigueDays` (or this trigger is not surveyed).
 */
export async function offerSurvey(deps: SurveyOfferDependencies, offer: SurveyOffer): Promise<Survey | undefined> {
  const rules = deps.surveyRules;
  if (!rules.triggers.includes(offer.trigger)) return undefined;
  const surveyId = surveyIdOf(offer.dedupeKey, offer.customerId);
  const existing = await deps.surveys.get(surveyId, true);
  if (existing) return existing;
  const now = deps.now();
  const survey: Survey = {
    surveyId,
    customerId: offer.customerId,
    ...(offer.caseId ? { caseId: offer.caseId } : {}),
    ...(offer.callbackId ? { callbackId: offer.callbackId } : {}),
    trigger: offer.trigger,
    channel: offer.channel ?? offer.offeredOn,
    offeredOn: offer.offeredOn,
    questions: rules.questions,
    comment: rules.comment,
    language: offer.language,
    status: 'offered',
    offeredAt: now.toISOString(),
    closesAt: new Date(now.getTime() + rules.openDays * dayMs).toISOString(),
  };
  const event = outboxEvent(
    SurveyOffered,
    {
      surveyId,
      customerId: survey.customerId,
      ...(survey.caseId ? { caseId: survey.caseId } : {}),
      ...(survey.callbackId ? { callbackId: survey.callbackId } : {}),
      trigger: survey.trigger,
      channel: survey.offeredOn,
      expiresAt: survey.closesAt,
    },
    offer.correlationId,
    now,
  );
  const cutoff = rules.fatigueDays > 0 ? new Date(now.getTime() - rules.fatigueDays * dayMs).toISOString() : null;
  const outcome = await deps.surveys.offer(survey, event, cutoff, new Date(now.getTime() + rules.fatigueDays * dayMs));
  if (outcome === 'offered') return survey;
  if (outcome === 'exists') return deps.surveys.get(surveyId, true);
  return undefined;
}

/**
 * A new link to a survey, for one message: a fresh token whose SHA-256 only is stored. Minted when
 * the message is sent, never before, so the token exists only in that message: not on the
 * notification, the timeline, the case or any event.
 */
export async function mintSurveyLink(deps: SurveyOfferDependencies, surveyId: string): Promise<string> {
  const token = newSurveyToken();
  const keepUntil = new Date(deps.now().getTime() + (deps.surveyRules.openDays + tokenGraceDays) * dayMs);
  await deps.surveys.addToken(hashSurveyToken(token), surveyId, keepUntil);
  return surveyLink(deps.surveyRules.pageUrl, token);
}

/** The page behind a link: the questions in the survey's language; nothing about the customer or the case. */
export interface SurveyPage {
  language: Language;
  questions: { question: Survey['questions'][number]; text: string; min?: number; max?: number; options?: (typeof preferenceAnswers)[number][] }[];
  comment?: { text: string };
  closesAt: string;
}

/**
 * `GET /surveys/{token}`. Reads only: mail scanners open links, so showing the page records
 * nothing. An unknown or malformed token is a 404 (the same answer: a token cannot be probed), an
 * answered survey a 409, a closed one a 410.
 */
export async function getSurveyPage(deps: Pick<Dependencies, 'surveys' | 'now'>, token: string): Promise<SurveyPage> {
  const survey = await openSurvey(deps, token, false);
  return {
    language: survey.language,
    questions: survey.questions.map((question) => ({
      question,
      text: surveyQuestionTexts[question][survey.language],
      ...(question === 'preference' ? { options: [...preferenceAnswers] } : { min: surveyScales[question].min, max: surveyScales[question].max }),
    })),
    ...(survey.comment ? { comment: { text: surveyCommentTexts[survey.language] } } : {}),
    closesAt: survey.closesAt,
  };
}

export interface SurveyResponseInput {
  answers: SurveyAnswers;
  comment?: string;
}

/** `POST /surveys/{token}/responses`: the customer's answer on the survey page (web_selfcare). */
export async function answerSurveyByToken(
  deps: Pick<Dependencies, 'cases' | 'surveys' | 'settings' | 'now'>,
  token: string,
  input: SurveyResponseInput,
  correlationId: string,
) {
  return answerSurvey(deps, await openSurvey(deps, token, true), input, 'web_selfcare', correlationId);
}

/**
 * `POST /cases/{caseId}/survey-responses`: an answer given in a channel (an SMS reply "4", IVR
 * keys), relayed by an integration. Primary course: the case's open survey is answered; a case
 * without one gets one now (asked inline), under the same fatigue rule; once only, as on the page.
 */
export async function recordInChannelResponse(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'surveys' | 'settings' | 'now'>,
  _principal: Principal,
  caseId: string,
  input: SurveyResponseInput & { channel: Channel },
  correlationId: string,
) {
  if (!deps.settings.CHANNELS.includes(input.channel)) {
    throw new InvalidInput([{ field: 'channel', message: `"${input.channel}" is not a channel of this client` }]);
  }
  const rules = surveyRulesOf(deps);
  const supportCase = await deps.cases.get(caseId, true);
  if (!supportCase) throw NotFound.of('Case', caseId);
  const latest = (await deps.surveys.ofCase(caseId)).sort((a, b) => a.offeredAt.localeCompare(b.offeredAt)).at(-1);
  let survey = latest && (await deps.surveys.get(latest.surveyId, true));
  if (!survey) {
    const profile = await deps.customers.resolve(supportCase.customerId);
    survey = await offerSurvey(
      { surveys: deps.surveys, surveyRules: { ...rules, triggers: [...rules.triggers, 'case_resolved'] }, now: deps.now },
      {
        dedupeKey: `inline#${caseId}`,
        customerId: profile?.customerId ?? supportCase.customerId,
        caseId,
        trigger: 'case_resolved',
        channel: supportCase.channel ?? input.channel,
        offeredOn: input.channel,
        language: profile?.preferences?.language ?? deps.settings.DEFAULT_LANGUAGE ?? 'en',
        correlationId,
      },
    );
    if (!survey)
      throw new Conflict(`The customer was already surveyed within the last ${rules.fatigueDays} days: one survey per customer in that time.`, 'caseId');
  }
  assertOpen(survey, deps.now());
  return answerSurvey(deps, survey, input, input.channel, correlationId);
}

/**
 * Records an answer, once. Primary course: only questions the survey asked (else 422 naming the
 * field); the case as it stands now gives the queue, team, agent and priority the answer is bound
 * to; a low score (the client's thresholds) is a detractor; the answer with `SurveyAnswered`, and
 * `SurveyDetractor` for a detractor, in one transaction that fails if it was answered meanwhile.
 */
async function answerSurvey(
  deps: Pick<Dependencies, 'cases' | 'surveys' | 'settings' | 'now'>,
  survey: Survey,
  input: SurveyResponseInput,
  answeredOn: Channel,
  correlationId: string,
) {
  const rules = surveyRulesOf(deps);
  const unasked = unaskedAnswers(survey, input.answers, input.comment);
  if (unasked.length > 0) throw new Unprocessable(unasked[0]!, `This survey did not ask for ${unasked.join(', ')}.`);
  const now = deps.now();
  const supportCase = survey.caseId ? await deps.cases.get(survey.caseId, true) : undefined;
  const at = supportCase
    ? {
        ...(supportCase.escalation ? { queue: supportCase.escalation.queue } : {}),
        ...(supportCase.escalation?.team ? { team: supportCase.escalation.team } : {}),
        ...(supportCase.assigneeId ? { agentId: supportCase.assigneeId } : {}),
        priority: supportCase.priority,
      }
    : {};
  const reasons = detractorReasons(input.answers, rules.detractor);
  const answered: Survey = {
    ...survey,
    status: 'answered',
    answeredAt: now.toISOString(),
    answeredOn,
    answers: input.answers,
    ...(input.comment ? { commentText: input.comment } : {}),
    at,
    ...(reasons.length ? { detractorReasons: reasons } : {}),
  };
  const ids = { surveyId: survey.surveyId, customerId: survey.customerId, ...(survey.caseId ? { caseId: survey.caseId } : {}) };
  const event = outboxEvent(
    SurveyAnswered,
    {
      ...ids,
      trigger: survey.trigger,
      channel: survey.channel,
      answeredOn,
      ...at,
      answers: input.answers,
      hasComment: Boolean(input.comment),
      offeredAt: survey.offeredAt,
    },
    correlationId,
    now,
  );
  const detractor = reasons.length ? outboxEvent(SurveyDetractor, { ...ids, reasons }, correlationId, now) : undefined;
  if (!(await deps.surveys.answer(answered, event, detractor))) throw new Conflict('This survey was answered already: one answer per survey.');
  return { surveyId: survey.surveyId, status: 'answered' as const, answeredAt: answered.answeredAt! };
}

/** The survey a link opens, if it can still be answered. */
async function openSurvey(deps: Pick<Dependencies, 'surveys' | 'now'>, token: string, consistent: boolean): Promise<Survey> {
  const unknown = new NotFound('No survey has this link: check it was copied whole.');
  // A malformed token is refused before any read: it cannot be one we issued.
  if (!isSurveyToken(token)) throw unknown;
  const surveyId = await deps.surveys.surveyOfToken(hashSurveyToken(token));
  const survey = surveyId && (await deps.surveys.get(surveyId, consistent));
  if (!survey) throw unknown;
  assertOpen(survey, deps.now());
  return survey;
}

function assertOpen(survey: Survey, now: Date): void {
  if (survey.status === 'answered') throw new Conflict('This survey was answered already: one answer per survey.');
  if (Date.parse(survey.closesAt) <= now.getTime()) throw new Gone(`This survey closed on ${survey.closesAt}.`);
}

function surveyRulesOf(deps: Pick<Dependencies, 'settings'>): SurveyRules {
  const rules = deps.settings.SURVEY_RULES;
  if (!rules) throw new Conflict('This client asks no surveys.');
  return rules;
}

/** Who closes the loop: the system on the client's behalf (staff, so it may act for any customer). */
const surveyFollowUp: Principal = { subject: 'survey-follow-up', roles: ['supervisor'] };

/**
 * Closes the loop on a detractor, as the client's config says. `offer_callback`: the customer is
 * offered a callback on the phone of their profile (asap, or booked into the next window; their
 * open callback if they have one); `reopen_case`: the resolved case is reopened. Redelivered, it
 * changes nothing twice (the open callback is the answer, an open case stays open).
 */
export async function followUpDetractor(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'callbacks' | 'queueStats' | 'settings' | 'now'> & { callbackQueueDepth: () => Promise<QueueDepth> },
  detractor: { surveyId: string; customerId: string; caseId?: string },
  correlationId: string,
): Promise<'none' | 'callback_offered' | 'case_reopened' | 'nothing_to_do'> {
  const action = deps.settings.SURVEY_RULES?.loopAction ?? 'none';
  if (action === 'none') return 'none';
  if (action === 'reopen_case') {
    const supportCase = detractor.caseId ? await deps.cases.get(detractor.caseId, true) : undefined;
    if (supportCase?.status !== 'resolved') return 'nothing_to_do';
    await updateCase(deps, surveyFollowUp, supportCase.caseId, { status: 'open' }, correlationId);
    return 'case_reopened';
  }
  const profile = await deps.customers.resolve(detractor.customerId);
  const phone = profile?.identities.phones[0];
  if (!profile || !phone) return 'nothing_to_do';
  await requestCallback(
    deps,
    surveyFollowUp,
    {
      customerId: profile.customerId,
      phone,
      reason: 'Survey follow-up: the customer was unhappy with how their request was handled',
      when: 'asap',
      scheduleIfClosed: true,
    },
    correlationId,
  );
  return 'callback_offered';
}
