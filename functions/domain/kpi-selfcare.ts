import type { SelfcareReport } from './selfcare-report';
import { ratio } from './kpi-ratio';

/**
 * Self-care containment and no-result rate, from the self-care report's counters: the report
 * (functions/domain/selfcare-report.ts `reportOf`, over the days of every locale) defines
 * containment; the no-result rate is its searches without result among its searches.
 */
export function selfcareKpis(
  report: Pick<SelfcareReport, 'sessions' | 'sessionsFollowedByContact' | 'containmentRate' | 'searches' | 'searchesWithoutResult'>,
) {
  return {
    containment: { rate: report.containmentRate, sessions: report.sessions, followedByContact: report.sessionsFollowedByContact },
    noResult: { rate: ratio(report.searchesWithoutResult, report.searches), searches: report.searches, withoutResult: report.searchesWithoutResult },
  };
}
