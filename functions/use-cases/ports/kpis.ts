import type { OutboxEvent } from '../../domain/outbox-event';
import type { CounterValues, KpiDimension } from '../../domain/kpi-counters';
import type { CallbackProjection, CaseProjection, CustomerResolutions, KpiEffects, KpiState, ProjectionKey, SurgeObservation } from '../../domain/kpi-consumer';
import type { Surge } from '../../domain/surges';

/** One stored day × dimension value item of the KPI counters. */
export interface KpiDayItem {
  day: string;
  value: string;
  values: CounterValues;
}

export type StoredProjection = CaseProjection | CustomerResolutions | CallbackProjection;
/** The stored version of projections as read (undefined: none stored): writes are conditioned on them. */
export type ProjectionVersions = Map<ProjectionKey, number | undefined>;

/** The KPI counters, the consumer's projections and the surges (functions/adapters/dynamodb/kpi-store.ts). */
export interface KpiStore {
  /** The projections an event reads (strongly consistent: the previous event's write is seen). */
  state(keys: { caseId?: string; customerId?: string; callbackId?: string }): Promise<KpiState>;
  /**
   * Applies an event's effects once: its id is claimed in the same transaction as every counter
   * and projection it changes. `duplicate`: the id was applied before (nothing changed);
   * `conflict`: a projection changed since `state` was read (read again and retry).
   */
  apply(eventId: string, effects: KpiEffects, state: KpiState): Promise<'applied' | 'duplicate' | 'conflict'>;
  /** The projections a batch of events reads, each read once (strongly consistent). */
  states(keys: readonly ProjectionKey[]): Promise<Map<ProjectionKey, StoredProjection | undefined>>;
  /**
   * Applies the effects of events in order, in as few transactions as fit (100 items each): each
   * event's id claimed, the counters merged per item, each projection's last state conditioned on
   * `versions`. Returns how many events, from the first, were applied; the rest were not (a claim
   * taken, a projection changed, any failure): apply them one by one.
   */
  applyBatch(entries: readonly { eventId: string; effects: KpiEffects }[], versions: ProjectionVersions): Promise<number>;
  /** Counts a customer once among those who contacted during an incident; false when already counted. */
  countIncidentContact(incidentId: string, customerId: string): Promise<boolean>;
  /** A surge observation's bucket count and its trailing baseline's total. */
  surgeCounts(observation: SurgeObservation, baseline: { from: string; to: string }): Promise<{ count: number; baselineTotal: number }>;
  /** Raises a surge unless one is open for the same intent and segment; with its SurgeDetected event. */
  raiseSurge(surge: Surge, openUntil: string, now: string, event: OutboxEvent): Promise<boolean>;
  /** One dimension's items over a range of days (one Query, paged). */
  days(dimension: KpiDimension, from: string, to: string): Promise<KpiDayItem[]>;
  /** The incidents declared on those days, with the customers who contacted during each. */
  incidentsDeclared(from: string, to: string): Promise<{ incidentId: string; contactingCustomers: number }[]>;
  /** Surges, newest first. */
  surges(options: { limit: number; before?: string }): Promise<Surge[]>;
  surge(surgeId: string): Promise<Surge | undefined>;
  /** Records the incident declared from a surge; false when one was already. */
  markSurgeIncident(surgeId: string, incidentId: string): Promise<boolean>;
}
