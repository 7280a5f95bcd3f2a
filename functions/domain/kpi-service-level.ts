import type { CounterValues } from './kpi-counters';
import { distribution, percentile } from './kpi-histogram';
import { count, ratio } from './kpi-ratio';

/**
 * Service level: the share of escalations assigned within their queue's target wait (each
 * judged against its own queue's target when it was assigned), with the distribution of the
 * misses, not only their number: how long the ones who waited too long waited.
 */
export function serviceLevel(values: CounterValues) {
  const met = count(values, 'serviceLevelMet');
  const missed = count(values, 'serviceLevelMissed');
  return {
    rate: ratio(met, met + missed),
    assigned: met + missed,
    withinTarget: met,
    missed,
    missedWait: {
      p50: percentile(values, 'serviceLevelMissWait', 0.5),
      p90: percentile(values, 'serviceLevelMissWait', 0.9),
      buckets: distribution(values, 'serviceLevelMissWait'),
    },
    wait: { p50: percentile(values, 'escalationWait', 0.5), p90: percentile(values, 'escalationWait', 0.9) },
  };
}
