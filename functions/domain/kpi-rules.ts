import type { EscalationQueue } from './escalations';

/**
 * What the KPI consumer and the KPI read take from the client config (`kpis`, with the time
 * zone, the queues' teams and the callback window): derived by lib/definition/environment.ts.
 */
export interface KpiRules {
  /** The client's time zone: counters are kept per day of it. */
  timezone: string;
  /** First-contact resolution: a resolved case contacted again or reopened within this many days is not first-contact. */
  fcrWindowDays: number;
  /** Service level: an escalation assigned within its queue's target wait is in time. */
  serviceLevelTargetSeconds: Record<EscalationQueue, number>;
  /** The team of each queue (the `team` dimension of what happens in it). */
  teams: Record<EscalationQueue, string>;
  /** A callback with no window counts as kept when completed within this many minutes of its due time. */
  callbackWindowMinutes: number;
  surges: SurgeRules;
}

/** Weak signals: when contacts per intent × segment in a 15-minute bucket are a surge. */
export interface SurgeRules {
  /** A bucket is a surge at this many times its trailing baseline (per bucket)... */
  factor: number;
  /** ... and at least this many contacts. */
  minimumCount: number;
  /** The trailing baseline: the mean of the buckets in this many hours before the current one. */
  baselineHours: number;
  /** A surge stays open this long after it was raised: more contacts in it raise no new one. */
  quietMinutes: number;
}

export const defaultKpiSettings = {
  fcrWindowDays: 7,
  serviceLevelTargetMinutes: 20,
  surges: { factor: 3, minimumCount: 10, baselineHours: 24, quietMinutes: 60 },
} as const;
