import type { CounterValues } from './kpi-counters';
import { count, ratio } from './kpi-ratio';

/**
 * The voice of the customer from the survey counters: CSAT = share of csat answers 4–5; CES =
 * mean (sum / answers, 1–7, lower is easier); preference = share of "yes"; NPS = % promoters
 * (9–10) − % detractors (0–6), −100…100; response rate = answered / offered.
 */
export function surveyKpis(values: CounterValues) {
  const csat = count(values, 'csatResponses');
  const ces = count(values, 'cesResponses');
  const preference = count(values, 'preferenceResponses');
  const nps = count(values, 'npsResponses');
  const npsScore = ratio(count(values, 'npsPromoters') - count(values, 'npsDetractors'), nps);
  return {
    csat: { rate: ratio(count(values, 'csatSatisfied'), csat), satisfied: count(values, 'csatSatisfied'), responses: csat },
    ces: { mean: ratio(count(values, 'cesSum'), ces), responses: ces },
    preference: {
      rate: ratio(count(values, 'preferenceYes'), preference),
      yes: count(values, 'preferenceYes'),
      no: count(values, 'preferenceNo'),
      responses: preference,
    },
    nps: {
      score: npsScore === null ? null : npsScore * 100,
      promoters: count(values, 'npsPromoters'),
      detractors: count(values, 'npsDetractors'),
      responses: nps,
    },
    responseRate: {
      rate: ratio(count(values, 'surveysAnswered'), count(values, 'surveysOffered')),
      answered: count(values, 'surveysAnswered'),
      offered: count(values, 'surveysOffered'),
    },
  };
}

/** What one answer adds to the survey counters (the one place the CSAT/NPS bands are written). */
export function surveyAnswerCounts(answers: { csat?: number; ces?: number; preference?: string; nps?: number }): Record<string, number> {
  const add: Record<string, number> = { surveysAnswered: 1 };
  if (answers.csat !== undefined) Object.assign(add, { csatResponses: 1, csatSum: answers.csat, csatSatisfied: answers.csat >= 4 ? 1 : 0 });
  if (answers.ces !== undefined) Object.assign(add, { cesResponses: 1, cesSum: answers.ces });
  if (answers.preference !== undefined)
    Object.assign(add, { preferenceResponses: 1, preferenceYes: answers.preference === 'yes' ? 1 : 0, preferenceNo: answers.preference === 'no' ? 1 : 0 });
  if (answers.nps !== undefined) Object.assign(add, { npsResponses: 1, npsPromoters: answers.nps >= 9 ? 1 : 0, npsDetractors: answers.nps <= 6 ? 1 : 0 });
  return add;
}
