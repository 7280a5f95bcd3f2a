import { bucketAttribute, type CounterValues, histogramBoundsSeconds, histogramBuckets, type KpiHistogram } from './kpi-counters';

/**
 * Percentiles from a fixed-bucket histogram: the upper bound (seconds) of the bucket the p-th
 * observation falls in; `null` without observations, and `null` with `overflow: true` when it
 * falls beyond the last bound. The true value is at most that bound and above the bound before.
 */
export interface Percentile {
  seconds: number | null;
  overflow?: true;
}

export function histogramCounts(values: CounterValues, histogram: KpiHistogram): number[] {
  return Array.from({ length: histogramBuckets }, (_, bucket) => values[bucketAttribute(histogram, bucket)] ?? 0);
}

export function percentile(values: CounterValues, histogram: KpiHistogram, p: number): Percentile {
  const counts = histogramCounts(values, histogram);
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return { seconds: null };
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (let bucket = 0; bucket < counts.length; bucket++) {
    seen += counts[bucket]!;
    if (seen >= rank) return bucket < histogramBoundsSeconds.length ? { seconds: histogramBoundsSeconds[bucket]! } : { seconds: null, overflow: true };
  }
  return { seconds: null, overflow: true };
}

/** The histogram as buckets (`upToSeconds` null: the overflow bucket), for a distribution. */
export function distribution(values: CounterValues, histogram: KpiHistogram): { upToSeconds: number | null; count: number }[] {
  return histogramCounts(values, histogram)
    .map((count, bucket) => ({ upToSeconds: histogramBoundsSeconds[bucket] ?? null, count }))
    .filter((bucket) => bucket.count > 0);
}
