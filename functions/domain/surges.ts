import type { SegmentAttribute } from './customers';
import type { Intent } from './text-analysis';
import type { SurgeRules } from './kpi-rules';

/**
 * Weak signals: contacts per intent × segment value (zone 75011, offer fibre-1g) counted in
 * 15-minute buckets; a bucket well above its trailing baseline is a surge. Pure.
 */

export const surgeBucketMinutes = 15;
const bucketMs = surgeBucketMinutes * 60_000;

/** The start of the 15-minute bucket an instant falls in (UTC, ISO). */
export function surgeBucketOf(at: string): string {
  return new Date(Math.floor(Date.parse(at) / bucketMs) * bucketMs).toISOString();
}

/** The buckets of the trailing baseline: the `baselineHours` before `bucket` (not including it). */
export function baselineRange(bucket: string, rules: Pick<SurgeRules, 'baselineHours'>): { from: string; to: string; buckets: number } {
  const buckets = Math.max(1, Math.round((rules.baselineHours * 60) / surgeBucketMinutes));
  const start = Date.parse(bucket);
  return { from: new Date(start - buckets * bucketMs).toISOString(), to: new Date(start - bucketMs).toISOString(), buckets };
}

/**
 * Whether a bucket's count is a surge: at least the minimum count, and at least `factor` times
 * the baseline's mean per bucket (buckets without contacts count as 0).
 */
export function isSurge(count: number, baselineTotal: number, baselineBuckets: number, rules: Pick<SurgeRules, 'factor' | 'minimumCount'>): boolean {
  const mean = baselineTotal / baselineBuckets;
  return count >= rules.minimumCount && count >= rules.factor * mean;
}

/** A surge as raised (SurgeDetected) and listed (GET /surges). */
export interface Surge {
  surgeId: string;
  intent: Intent;
  segment: { attribute: SegmentAttribute; value: string };
  bucket: string;
  count: number;
  baselinePerBucket: number;
  detectedAt: string;
  suggestedIncident: { title: string; affected: Partial<Record<SegmentAttribute, string[]>> };
  /** Set once a supervisor declared the incident from it. */
  incidentId?: string;
}

const intentTitles: Record<Intent, string> = {
  outage: 'Possible outage',
  complaint: 'Complaints rising',
  cancellation: 'Cancellations rising',
  billing: 'Billing questions rising',
};

/** The incident a surge suggests: a title naming the intent and the segment, affecting that segment. */
export function suggestedIncident(intent: Intent, attribute: SegmentAttribute, value: string): Surge['suggestedIncident'] {
  return { title: `${intentTitles[intent]} in ${attribute} ${value}`, affected: { [attribute]: [value] } };
}
