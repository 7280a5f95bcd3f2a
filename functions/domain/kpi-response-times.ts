import type { CounterValues } from './kpi-counters';
import { percentile } from './kpi-histogram';
import { count } from './kpi-ratio';

/** First response time: from the case's opening to the first reply from support (p50, p90 from the histogram). */
export function firstResponseTime(values: CounterValues) {
  return { count: count(values, 'firstResponses'), p50: percentile(values, 'firstResponseTime', 0.5), p90: percentile(values, 'firstResponseTime', 0.9) };
}

/** Resolution time: from the case's opening to its resolution (p50, p90 from the histogram). */
export function resolutionTime(values: CounterValues) {
  return { count: count(values, 'resolutions'), p50: percentile(values, 'resolutionTime', 0.5), p90: percentile(values, 'resolutionTime', 0.9) };
}

/** SLA targets met and breached, per target. */
export function slaTargets(values: CounterValues) {
  return {
    firstResponse: { met: count(values, 'slaFirstResponseMet'), breached: count(values, 'slaFirstResponseBreached') },
    resolution: { met: count(values, 'slaResolutionMet'), breached: count(values, 'slaResolutionBreached') },
  };
}
