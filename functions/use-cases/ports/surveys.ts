import type { OutboxEvent } from '../../domain/outbox-event';
import type { Survey } from '../../domain/surveys';

/** What offering a survey came to: offered now, offered already (the same request again), or held back by fatigue. */
export type OfferOutcome = 'offered' | 'exists' | 'fatigued';

/** Surveys, their link tokens (by hash only) and each customer's last survey (fatigue). */
export interface Surveys {
  get(surveyId: string, consistent?: boolean): Promise<Survey | undefined>;
  /**
   * Stores a new survey with its event and claims the customer's fatigue slot, together: not
   * when the customer was offered one after `fatigueCutoff` (null: no limit), nor twice.
   */
  offer(survey: Survey, outbox: OutboxEvent, fatigueCutoff: string | null, fatigueUntil: Date): Promise<OfferOutcome>;
  /** Stores a link's token hash, pointing at its survey, until `keepUntil`. */
  addToken(tokenHash: string, surveyId: string, keepUntil: Date): Promise<void>;
  /** The survey a token hash opens, if any. */
  surveyOfToken(tokenHash: string): Promise<string | undefined>;
  /**
   * Records the answer (the survey as answered) with `SurveyAnswered`, and a detractor's
   * `SurveyDetractor`, together; false when it was answered already.
   */
  answer(answered: Survey, outbox: OutboxEvent, detractor: OutboxEvent | undefined): Promise<boolean>;
  /** The surveys about a case, oldest first. */
  ofCase(caseId: string): Promise<Survey[]>;
}
