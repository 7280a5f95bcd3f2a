import type { Language } from '../domain/channels';
import { daysBetween, maxReportDays, reportOf, type SelfcareReport } from '../domain/selfcare-report';
import type { Dependencies } from './dependencies';
import { InvalidInput } from './errors';

export interface SelfcareReportDependencies extends Pick<Dependencies, 'selfcare'> {
  settings: { LANGUAGES: readonly Language[] };
}

/**
 * The self-care report of a locale over a range of UTC days. Primary course: the range is
 * ordered and bounded, the locale one of the client's; one Query per day of the range reads that
 * day's counters (kept as the sessions went, never a Scan); the figures follow (reportOf).
 */
export async function selfcareReport(deps: SelfcareReportDependencies, request: { from: string; to: string; locale: Language }): Promise<SelfcareReport> {
  if (!deps.settings.LANGUAGES.includes(request.locale)) {
    throw new InvalidInput([{ field: 'locale', message: `one of this client's languages: ${deps.settings.LANGUAGES.join(', ')}` }]);
  }
  if (request.to < request.from) throw new InvalidInput([{ field: 'to', message: `the last day, on or after from (${request.from})` }]);
  const days = daysBetween(request.from, request.to);
  if (days.length > maxReportDays) throw new InvalidInput([{ field: 'to', message: `at most ${maxReportDays} days after from, both included` }]);
  const counted = await Promise.all(days.map((day) => deps.selfcare.reportDay(request.locale, day)));
  return reportOf(request, counted);
}
