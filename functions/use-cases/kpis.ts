import type { Language } from '../domain/channels';
import { calendarDays, dayIn, type kpiDimensions, type CounterValues, type KpiGrouping, sumValues } from '../domain/kpi-counters';
import { type KpiEffects, type KpiEvent, type KpiState, kpiEffects, type ProjectionKey, projectionKeysOf, stateKeysOf } from '../domain/kpi-consumer';
import { contactsPerChannel, kpisOf } from '../domain/kpi-report';
import type { KpiRules } from '../domain/kpi-rules';
import { incidentDeflection } from '../domain/kpi-incident-deflection';
import { selfcareKpis } from '../domain/kpi-selfcare';
import { baselineRange, isSurge, type Surge, suggestedIncident } from '../domain/surges';
import { newId } from '../domain/ids';
import { outboxEvent } from '../domain/outbox-event';
import type { Principal } from '../domain/roles';
import { daysBetween, reportOf } from '../domain/selfcare-report';
import type { IncidentSeverity } from '../domain/incidents';
import type { Language as Locale } from '../domain/channels';
import type { Dependencies } from './dependencies';
import { Conflict, InvalidInput, NotFound } from './errors';
import { declareIncident } from './incidents';
import type { Incidents } from './ports/incidents';
import type { KpiDayItem, KpiStore, ProjectionVersions, StoredProjection } from './ports/kpis';
import type { Selfcare } from './ports/selfcare';
import { SurgeDetected } from '../domain/surge-events';

/** The longest period `GET /kpis` reads (days, both ends included). */
export const maxKpiDays = 400;

export interface KpiDependencies {
  kpis: KpiStore;
  selfcare: Pick<Selfcare, 'reportDay'>;
  incidents: Pick<Incidents, 'counts'>;
  settings: { KPI_RULES: KpiRules; LANGUAGES: readonly Language[] };
  now: () => Date;
}

/** What the consumer needs: the store, the rules and a clock. */
export interface KpiConsumerDependencies {
  kpis: KpiStore;
  settings: { KPI_RULES: KpiRules };
  now: () => Date;
}

/** What applying one event did: its counts (the day totals, for the metrics) and the surges it raised. */
export interface KpiApplied {
  outcome: 'applied' | 'duplicate';
  totals: Record<string, number>;
  surges: Surge[];
}

/**
 * The KPI consumer's use case: applies one event to the counters, once. Primary course: read the
 * projections the event concerns; compute its effects (functions/domain/kpi-consumer.ts); write
 * them in one transaction with the claim of its id (a redelivery finds the claim and changes
 * nothing; a projection changed meanwhile is read again). Then the follow-ups, each idempotent by
 * its own key so they run again on a redelivery: the customer counted once per incident, and the
 * surge check of each intent × segment the contact counted in.
 */
export async function applyKpiEvent(deps: KpiConsumerDependencies, event: KpiEvent): Promise<KpiApplied> {
  const rules = deps.settings.KPI_RULES;
  for (let attempt = 0; attempt < 8; attempt++) {
    const state = await deps.kpis.state(stateKeysOf(event));
    const effects = kpiEffects(event, state, rules);
    const outcome = await deps.kpis.apply(event.metadata.eventId, effects, state);
    if (outcome === 'conflict') continue;
    const surges = await followUps(deps, event, effects);
    return { outcome, totals: outcome === 'applied' ? totalsOf(effects) : {}, surges };
  }
  throw new Conflict('The KPI projections kept changing: the event is retried.');
}

/** One event's outcome in a batch: applied (or a duplicate), or the error that fails its message alone. */
export type KpiBatchOutcome = { eventId: string; applied: KpiApplied } | { eventId: string; error: unknown };

/**
 * The KPI consumer's use case for a queue batch: the same counts as applyKpiEvent on each event
 * in order, in as few transactions as fit. Primary course: copies of an event within the batch
 * count once; the projections the batch reads are read once; each event's effects are computed
 * in order against the projections as the events before it left them; the whole is written with
 * every event's claim (KpiStore.applyBatch: increments merged per day item, ≤ 100 items a
 * transaction). What a transaction could not apply (a redelivered event's claim, a projection
 * changed by another consumer, any failure) is applied one event at a time by applyKpiEvent, so
 * an event that fails fails alone. Then the follow-ups of each event applied, as applyKpiEvent's.
 */
export async function applyKpiEvents(deps: KpiConsumerDependencies, batch: readonly KpiEvent[]): Promise<KpiBatchOutcome[]> {
  const rules = deps.settings.KPI_RULES;
  // By position in the batch: two copies of one event may be the same object.
  const outcomes: KpiBatchOutcome[] = new Array(batch.length);
  const oneByOne = async (positions: readonly number[]) => {
    for (const i of positions) {
      const event = batch[i]!;
      try {
        outcomes[i] = { eventId: event.metadata.eventId, applied: await applyKpiEvent(deps, event) };
      } catch (error) {
        outcomes[i] = { eventId: event.metadata.eventId, error };
      }
    }
  };
  const seen = new Set<string>();
  const distinct: number[] = [];
  batch.forEach((event, i) => {
    if (seen.has(event.metadata.eventId)) outcomes[i] = { eventId: event.metadata.eventId, applied: { outcome: 'duplicate', totals: {}, surges: [] } };
    else {
      seen.add(event.metadata.eventId);
      distinct.push(i);
    }
  });
  let read: Map<ProjectionKey, StoredProjection | undefined>;
  try {
    read = await deps.kpis.states(distinct.flatMap((i) => projectionKeysOf(batch[i]!)));
  } catch {
    // Not one event's fault: each is tried alone, and fails (or not) alone.
    await oneByOne(distinct);
    return outcomes;
  }
  const current = new Map<ProjectionKey, StoredProjection | undefined>(read);
  const versions: ProjectionVersions = new Map([...read].map(([key, projection]) => [key, projection?.version]));
  const computed: { i: number; effects: KpiEffects }[] = [];
  for (const i of distinct) {
    const event = batch[i]!;
    const { caseId, customerId, callbackId } = stateKeysOf(event);
    const state = {
      case: caseId ? current.get(`case|${caseId}`) : undefined,
      customer: customerId ? current.get(`customer|${customerId}`) : undefined,
      callback: callbackId ? current.get(`callback|${callbackId}`) : undefined,
    } as KpiState;
    let effects: KpiEffects;
    try {
      effects = kpiEffects(event, state, rules);
    } catch (error) {
      outcomes[i] = { eventId: event.metadata.eventId, error };
      continue;
    }
    // The next events of the batch see what this one left (the write is conditioned on the version read).
    if (effects.case) current.set(`case|${effects.case.caseId}`, effects.case);
    if (effects.customer) current.set(`customer|${effects.customer.customerId}`, effects.customer);
    if (effects.callback) current.set(`callback|${effects.callback.callbackId}`, effects.callback);
    computed.push({ i, effects });
  }
  const applied = await deps.kpis.applyBatch(
    computed.map(({ i, effects }) => ({ eventId: batch[i]!.metadata.eventId, effects })),
    versions,
  );
  for (const { i, effects } of computed.slice(0, applied)) {
    const event = batch[i]!;
    try {
      const surges = await followUps(deps, event, effects);
      outcomes[i] = { eventId: event.metadata.eventId, applied: { outcome: 'applied', totals: totalsOf(effects), surges } };
    } catch (error) {
      // Counted already: the message comes back, finds its claim, and runs its follow-ups again.
      outcomes[i] = { eventId: event.metadata.eventId, error };
    }
  }
  await oneByOne(computed.slice(applied).map(({ i }) => i));
  return outcomes;
}

/** An event's follow-ups once counted, each idempotent by its own key: the customer counted once per incident, the surge checks. */
async function followUps(deps: KpiConsumerDependencies, event: KpiEvent, effects: KpiEffects): Promise<Surge[]> {
  if (effects.incidentContact) {
    const { incidentIds, customerId } = effects.incidentContact;
    await Promise.all(incidentIds.map((incidentId) => deps.kpis.countIncidentContact(incidentId, customerId)));
  }
  const surges: Surge[] = [];
  for (const observation of effects.surgeObservations) {
    const surge = await checkSurge(deps, observation, event.metadata.correlationId);
    if (surge) surges.push(surge);
  }
  return surges;
}

/** The day totals an event's effects add (for the metrics). */
function totalsOf(effects: KpiEffects): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const increment of effects.increments) for (const [name, by] of Object.entries(increment.add)) totals[name] = (totals[name] ?? 0) + (by ?? 0);
  return totals;
}

/** Raises a surge when the observation's bucket crossed the threshold and none is open for its intent and segment. */
async function checkSurge(deps: KpiConsumerDependencies, observation: KpiEffectsObservation, correlationId: string): Promise<Surge | undefined> {
  const rules = deps.settings.KPI_RULES.surges;
  const baseline = baselineRange(observation.bucket, rules);
  const { count, baselineTotal } = await deps.kpis.surgeCounts(observation, baseline);
  if (!isSurge(count, baselineTotal, baseline.buckets, rules)) return undefined;
  const now = deps.now();
  const surge: Surge = {
    surgeId: newId('surge', now.getTime()),
    intent: observation.intent,
    segment: { attribute: observation.attribute, value: observation.value },
    bucket: observation.bucket,
    count,
    baselinePerBucket: baselineTotal / baseline.buckets,
    detectedAt: now.toISOString(),
    suggestedIncident: suggestedIncident(observation.intent, observation.attribute, observation.value),
  };
  const { surgeId, intent, segment, bucket, baselinePerBucket, suggestedIncident: suggested } = surge;
  // The suggested title stays on the surge: events carry no free text (its words are the intent and segment, which they carry).
  const event = outboxEvent(
    SurgeDetected,
    { surgeId, intent, segment, bucket, count, baselinePerBucket, suggestedIncident: { affected: suggested.affected } },
    correlationId,
    now,
  );
  const openUntil = new Date(now.getTime() + rules.quietMinutes * 60_000).toISOString();
  return (await deps.kpis.raiseSurge(surge, openUntil, now.toISOString(), event)) ? surge : undefined;
}
type KpiEffectsObservation = ReturnType<typeof kpiEffects>['surgeObservations'][number];

export interface KpiRequest {
  from: string;
  to: string;
  groupBy: KpiGrouping;
}

/**
 * The KPIs of a period of client days. Primary course: the period is ordered and at most 400
 * days; one Query per dimension read (`all`, `channel`, and the grouping's) over its day items,
 * the self-care report's days of each locale, the incidents declared in it; every figure is
 * recomputed from the summed counts (functions/domain/kpis/). First-contact resolution counts only
 * the days whose window has closed by now.
 */
export async function kpiReport(deps: KpiDependencies, request: KpiRequest) {
  if (request.to < request.from) throw new InvalidInput([{ field: 'to', message: `the last day, on or after from (${request.from})` }]);
  if (calendarDays(request.from, request.to) > maxKpiDays)
    throw new InvalidInput([{ field: 'to', message: `at most ${maxKpiDays} days after from, both included` }]);
  const rules = deps.settings.KPI_RULES;
  // A day is settled when every resolution on it is older than the window: the window's start today is past its end.
  const firstOpen = dayIn(rules.timezone, new Date(deps.now().getTime() - rules.fcrWindowDays * 86_400_000));
  const settled = (day: string) => day < firstOpen;
  const lastSettled = daysBetween(request.from, request.to).filter(settled).pop() ?? null;

  const grouped = request.groupBy === 'day' ? 'all' : request.groupBy;
  const dimensions = [...new Set(['all', 'channel', grouped] as const)];
  const read = await Promise.all(dimensions.map((dimension) => deps.kpis.days(dimension, request.from, request.to)));
  const itemsOf = (dimension: (typeof kpiDimensions)[number]) => read[dimensions.indexOf(dimension as never)]!;
  const figures = (items: readonly KpiDayItem[]) =>
    kpisOf(sumValues(items.map((item) => item.values)), sumValues(items.filter((item) => settled(item.day)).map((item) => item.values)), lastSettled);

  const groups = new Map<string, KpiDayItem[]>();
  for (const item of itemsOf(grouped)) {
    const key = request.groupBy === 'day' ? item.day : item.value;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const byChannel: Record<string, CounterValues> = {};
  for (const item of itemsOf('channel')) byChannel[item.value] = sumValues([byChannel[item.value] ?? {}, item.values]);

  const [selfcareDays, incidents] = await Promise.all([
    Promise.all(deps.settings.LANGUAGES.flatMap((locale) => daysBetween(request.from, request.to).map((day) => deps.selfcare.reportDay(locale, day)))),
    deps.kpis.incidentsDeclared(request.from, request.to),
  ]);
  const notified = await Promise.all(incidents.map((incident) => deps.incidents.counts(incident.incidentId)));
  const selfcareReport = reportOf({ from: request.from, to: request.to, locale: deps.settings.LANGUAGES[0] ?? ('en' as Locale) }, selfcareDays);

  return {
    from: request.from,
    to: request.to,
    groupBy: request.groupBy,
    timezone: rules.timezone,
    fcrWindowDays: rules.fcrWindowDays,
    totals: {
      ...figures(itemsOf('all')),
      contactsPerChannel: contactsPerChannel(byChannel),
      selfcare: selfcareKpis(selfcareReport),
      incidentDeflection: incidentDeflection(
        incidents.map((incident, i) => ({
          incidentId: incident.incidentId,
          notified: notified[i]!.sent,
          contactingCustomers: incident.contactingCustomers,
          contacts: notified[i]!.contactsDuring,
        })),
      ),
    },
    groups: [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([key, items]) => ({ key, ...figures(items) })),
  };
}
export type KpiReport = Awaited<ReturnType<typeof kpiReport>>;

/** The surges raised, newest first. */
export async function listSurges(deps: Pick<KpiDependencies, 'kpis'>, options: { limit: number; before?: string }) {
  return { surges: await deps.kpis.surges(options) };
}

/**
 * Declares the incident a surge suggests, in one call: the incidents use case with the surge's
 * segment and title (a supervisor may change both, and gives the severity and messages). A surge
 * gives one incident: a second call is a 409 naming the incident.
 */
export async function declareIncidentFromSurge(
  deps: Pick<Dependencies, 'incidents' | 'now'> & Pick<KpiDependencies, 'kpis'>,
  principal: Principal,
  surgeId: string,
  input: { severity: IncidentSeverity; messages: Partial<Record<Language, string>>; title?: string },
  correlationId: string,
) {
  const surge = await deps.kpis.surge(surgeId);
  if (!surge) throw NotFound.of('Surge', surgeId);
  if (surge.incidentId) throw new Conflict(`An incident was already declared from this surge: ${surge.incidentId}.`, 'surgeId');
  const incident = await declareIncident(
    deps,
    principal,
    { title: input.title ?? surge.suggestedIncident.title, severity: input.severity, affected: surge.suggestedIncident.affected, messages: input.messages },
    correlationId,
  );
  // Two supervisors at once: both incidents exist (each with its event), the surge names the first.
  await deps.kpis.markSurgeIncident(surgeId, incident.incidentId);
  return incident;
}
