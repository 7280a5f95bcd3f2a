import type { Priority } from './cases';
import type { Channel } from './channels';
import type { EscalationQueue } from './escalations';
import { type SuppressionReason, suppressionReasons } from './notifications';

/**
 * The KPI counters: what the KPI consumer adds up per day (in the client's time zone) and
 * dimension, and the fixed histograms it keeps of durations. Pure vocabulary, written once: the
 * consumer, the store, the read and the bench's brute-force recomputation all use these names.
 */

/** The dimensions a counter is kept by; `all` is the day's total (one item per day). */
export const kpiDimensions = ['all', 'channel', 'queue', 'team', 'priority'] as const;
export type KpiDimension = (typeof kpiDimensions)[number];
/** What `GET /kpis` groups by: a day, or one of the dimensions (`priority` is kept, not offered yet). */
export const kpiGroupings = ['day', 'channel', 'queue', 'team'] as const;
export type KpiGrouping = (typeof kpiGroupings)[number];

/** Where a count belongs besides the day's total: the channel, queue, team and priority it concerns, when known. */
export interface KpiDimensions {
  channel?: Channel;
  queue?: EscalationQueue;
  team?: string;
  priority?: Priority;
}

/** The counter of the notifications suppressed for one reason, e.g. `notificationsSuppressed_no_consent`. */
export function suppressedCounter<R extends SuppressionReason>(reason: R): `notificationsSuppressed_${R}` {
  return `notificationsSuppressed_${reason}`;
}

export const kpiCounters = [
  // Contacts and cases
  'contacts',
  'repeatContacts',
  'contactsDuringIncident',
  'newCases',
  'resolutions',
  'reopens',
  // First-contact resolution (on the resolution's day): resolved with at most one customer
  // contact, and of those, reopened or contacted again within the window.
  'fcrCandidates',
  'fcrBroken',
  // Responses, escalations, SLA
  'firstResponses',
  'escalationsAssigned',
  'serviceLevelMet',
  'serviceLevelMissed',
  'slaFirstResponseMet',
  'slaFirstResponseBreached',
  'slaResolutionMet',
  'slaResolutionBreached',
  // Callbacks
  'callbacksRequested',
  'callbacksCompleted',
  'callbacksKept',
  // Incidents
  'incidentsDeclared',
  // Proactive notifications: sent (on the channel sent to), suppressed, and suppressed per reason
  'notificationsSent',
  'notificationsSuppressed',
  ...suppressionReasons.map(suppressedCounter),
  // Surveys: counts and sums per question
  'surveysOffered',
  'surveysAnswered',
  'csatResponses',
  'csatSatisfied',
  'csatSum',
  'cesResponses',
  'cesSum',
  'preferenceResponses',
  'preferenceYes',
  'preferenceNo',
  'npsResponses',
  'npsPromoters',
  'npsDetractors',
] as const;
export type KpiCounter = (typeof kpiCounters)[number];

/**
 * Upper bounds (seconds, inclusive) of the histogram buckets, the same for every histogram; a
 * last bucket takes everything longer. A percentile is reported as the upper bound of the bucket
 * it falls in (docs/kpis.md): the precision is the bucket's width.
 */
export const histogramBoundsSeconds = [
  30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 14_400, 28_800, 43_200, 86_400, 172_800, 259_200, 432_000, 604_800, 1_209_600,
] as const;
/** Bucket count: one per bound, plus the overflow bucket (longer than the last bound). */
export const histogramBuckets = histogramBoundsSeconds.length + 1;

/** The durations kept as histograms. `serviceLevelMissWait`: the waits of the assignments that missed their queue's target. */
export const kpiHistograms = ['firstResponseTime', 'resolutionTime', 'escalationWait', 'serviceLevelMissWait'] as const;
export type KpiHistogram = (typeof kpiHistograms)[number];

/** The stored attribute of one histogram bucket, e.g. `firstResponseTime_3`. */
export const bucketAttribute = (histogram: KpiHistogram, bucket: number) => `${histogram}_${bucket}`;

/** The bucket a duration falls in (negative durations, clock skew, count as 0). */
export function bucketOf(seconds: number): number {
  const index = histogramBoundsSeconds.findIndex((bound) => Math.max(0, seconds) <= bound);
  return index === -1 ? histogramBoundsSeconds.length : index;
}

/** One day-and-dimension item's figures: counters and histogram buckets by attribute, absent = 0. */
export type CounterValues = Partial<Record<string, number>>;

/** What one event adds to one day: counters and histogram observations, to the day's total and each dimension given. */
export interface KpiIncrement {
  day: string;
  dimensions: KpiDimensions;
  add: Partial<Record<KpiCounter, number>>;
  observe?: Partial<Record<KpiHistogram, number>>;
}

/** An increment as the stored attributes it adds to (histogram observations become their bucket's count). */
export function attributesOf(increment: Pick<KpiIncrement, 'add' | 'observe'>): Record<string, number> {
  const attributes: Record<string, number> = {};
  for (const [name, by] of Object.entries(increment.add)) if (by) attributes[name] = (attributes[name] ?? 0) + by;
  for (const [name, seconds] of Object.entries(increment.observe ?? {})) {
    if (seconds === undefined) continue;
    const attribute = bucketAttribute(name as KpiHistogram, bucketOf(seconds));
    attributes[attribute] = (attributes[attribute] ?? 0) + 1;
  }
  return attributes;
}

/** The items an increment touches: the day's total, then each dimension it names. */
export function dimensionValuesOf(dimensions: KpiDimensions): { dimension: KpiDimension; value: string }[] {
  return [
    { dimension: 'all', value: 'all' },
    ...(['channel', 'queue', 'team', 'priority'] as const).flatMap((dimension) => {
      const value = dimensions[dimension];
      return value === undefined ? [] : [{ dimension, value }];
    }),
  ];
}

/** Sums counter values (the period's figures are sums of its days' counts, never averages of rates). */
export function sumValues(items: readonly CounterValues[]): CounterValues {
  const total: CounterValues = {};
  for (const item of items) for (const [name, value] of Object.entries(item)) if (typeof value === 'number') total[name] = (total[name] ?? 0) + value;
  return total;
}

/** The local calendar day (`YYYY-MM-DD`) of an instant in a time zone: counters are kept per client day. */
export function dayIn(timezone: string, at: Date | string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The days from `from` to `to`, both included (calendar days, time-zone free). */
export function calendarDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The headline KPI counts the consumer publishes as metrics (EMF, namespace SupportBackend, service
 * support-kpi-worker) as it applies events: counter → metric name. The ops dashboard graphs them
 * (lib/stack/constructs/ops-dashboard.ts) beside `KpiEventsApplied`, `KpiEventsDuplicate` and `KpiSurgesDetected`.
 */
export const kpiMetrics = {
  contacts: 'KpiContacts',
  resolutions: 'KpiResolutions',
  firstResponses: 'KpiFirstResponses',
  serviceLevelMet: 'KpiServiceLevelMet',
  serviceLevelMissed: 'KpiServiceLevelMissed',
  slaFirstResponseBreached: 'KpiSlaBreaches',
  slaResolutionBreached: 'KpiSlaBreaches',
  fcrBroken: 'KpiFcrBroken',
  callbacksKept: 'KpiCallbacksKept',
  callbacksCompleted: 'KpiCallbacksCompleted',
  surveysAnswered: 'KpiSurveysAnswered',
  csatResponses: 'KpiCsatResponses',
  csatSatisfied: 'KpiCsatSatisfied',
  preferenceResponses: 'KpiPreferenceResponses',
  preferenceYes: 'KpiPreferenceYes',
} as const satisfies Partial<Record<KpiCounter, string>>;
