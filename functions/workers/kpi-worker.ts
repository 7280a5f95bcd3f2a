import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../commons/powertools';
import { parseBusEvent } from '../commons/worker/messages';
import { sqsBatchWorker } from '../commons/worker/sqs-worker';
import { countedEvents } from '../domain/kpi-consumer';
import { kpiMetrics } from '../domain/kpi-counters';
import { applyKpiEvents, type KpiApplied } from '../use-cases/kpis';
import { dependenciesWith, kpiSettings } from '../wiring/dependencies';
import { kpis } from '../wiring/stores';

const dependencies = dependenciesWith({ kpis }, kpiSettings);

/**
 * The KPI queue's worker: each message is one of the events the KPIs count, applied once per
 * event id (a redelivery changes nothing). A batch's events are applied together, in as few
 * transactions as fit (applyKpiEvents); an event that fails (malformed, or its own write) fails
 * its message alone.
 */
export const handler = sqsBatchWorker({
  dependencies,
  parse: (record, about) => {
    const event = parseBusEvent(record, countedEvents);
    about.eventId = event.metadata.eventId;
    about.eventType = event.metadata.eventType;
    return event;
  },
  handleBatch: async (events, deps) => {
    const outcomes = await applyKpiEvents(deps, events);
    for (const outcome of outcomes) if ('applied' in outcome) count(outcome.applied);
    return outcomes.map((outcome) => ('error' in outcome ? outcome.error : undefined));
  },
});

function count(applied: KpiApplied): void {
  metrics.addMetric(applied.outcome === 'applied' ? 'KpiEventsApplied' : 'KpiEventsDuplicate', MetricUnit.Count, 1);
  const totals = new Map<string, number>();
  for (const [counter, metric] of Object.entries(kpiMetrics)) totals.set(metric, (totals.get(metric) ?? 0) + (applied.totals[counter] ?? 0));
  for (const [metric, value] of totals) if (value > 0) metrics.addMetric(metric, MetricUnit.Count, value);
  if (applied.surges.length > 0) metrics.addMetric('KpiSurgesDetected', MetricUnit.Count, applied.surges.length);
}
