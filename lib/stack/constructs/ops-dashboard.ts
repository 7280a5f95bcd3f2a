import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { WorkQueue } from '../../../functions/definition/queues';
import type { kpiMetrics } from '../../../functions/domain/kpi-counters';

export interface OpsDashboardProps {
  readonly clientId: string;
  readonly apiId: string;
  readonly queues: Readonly<Record<WorkQueue, sqs.IQueue>>;
  readonly deadLetters: Readonly<Record<WorkQueue, sqs.IQueue>>;
  readonly workers: Readonly<Record<WorkQueue, lambda.IFunction>>;
  /** Functions fed by a table stream (the outbox relay), by declared name: their lag is the events' delay. */
  readonly streamConsumers: Readonly<Record<string, lambda.IFunction>>;
  /** Functions run on a schedule (SLA monitor, dispatcher), by declared name: while they fail, nothing due is acted on. */
  readonly scheduled: Readonly<Record<string, lambda.IFunction>>;
}

/** SLA breaches the monitor acted on (its Powertools metric; `service` is the function's service name). */
export const slaBreachesMetric = new cloudwatch.Metric({
  namespace: 'SupportBackend',
  metricName: 'SlaBreaches',
  dimensionsMap: { service: 'support-sla-monitor' },
  statistic: 'Sum',
  period: Duration.minutes(5),
});

/** A headline KPI the consumer publishes (functions/domain/kpi-counters.ts `kpiMetrics`), summed per hour. */
export function kpiMetric(metricName: KpiMetricName | 'KpiEventsApplied' | 'KpiSurgesDetected', label?: string) {
  return new cloudwatch.Metric({
    namespace: 'SupportBackend',
    metricName,
    dimensionsMap: { service: 'support-kpi-worker' },
    statistic: 'Sum',
    period: Duration.hours(1),
    ...(label ? { label } : {}),
  });
}

/**
 * A share of KPI counts per hour, in percent (recomputed from the sums, as GET /kpis does). `id`
 * prefixes its metrics' ids: ids must differ between the expressions of one graph.
 */
function kpiShare(id: string, label: string, part: KpiMetricName, whole: KpiMetricName | readonly [KpiMetricName, KpiMetricName]) {
  const [first, second] = typeof whole === 'string' ? [whole] : whole;
  return new cloudwatch.MathExpression({
    expression: second ? `100 * ${id}Part / (${id}Whole + ${id}Other)` : `100 * ${id}Part / ${id}Whole`,
    usingMetrics: { [`${id}Part`]: kpiMetric(part), [`${id}Whole`]: kpiMetric(first), ...(second ? { [`${id}Other`]: kpiMetric(second) } : {}) },
    label,
    period: Duration.hours(1),
  });
}
type KpiMetricName = (typeof kpiMetrics)[keyof typeof kpiMetrics];

/**
 * One dashboard per client: what ops look at before turning a knob (docs/runbook.md). Worker
 * errors alarm here; dead letters and queue age alarm with their queues.
 */
export class OpsDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const minute = Duration.minutes(1);
    const api = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap: { ApiId: props.apiId, Stage: '$default' }, statistic, period: minute });
    const queues = Object.entries(props.queues) as [WorkQueue, sqs.IQueue][];

    for (const [queue, worker] of Object.entries(props.workers) as [WorkQueue, lambda.IFunction][]) {
      this.alarms.push(
        new cloudwatch.Alarm(this, `${queue}WorkerErrors`, {
          alarmDescription: `The ${queue} queue's worker is failing: messages will retry, then reach its dead-letter queue. See docs/runbook.md.`,
          metric: worker.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 5,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    for (const [name, fn] of Object.entries(props.scheduled)) {
      this.alarms.push(
        new cloudwatch.Alarm(this, `${name}Errors`, {
          alarmDescription: `${name} is failing: what it acts on every minute (SLA breaches, due callbacks, notifications after quiet hours) waits until it runs again. See docs/runbook.md.`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 2,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `support-${props.clientId}`,
      widgets: [
        [
          new cloudwatch.GraphWidget({ title: 'API errors', left: [api('4xx', 'Sum'), api('5xx', 'Sum')], width: 8 }),
          new cloudwatch.GraphWidget({ title: 'API latency (p50, p99)', left: [api('Latency', 'p50'), api('Latency', 'p99')], width: 8 }),
          new cloudwatch.GraphWidget({
            title: 'Table stream: iterator age (ms)',
            left: Object.entries(props.streamConsumers).map(([name, fn]) => fn.metric('IteratorAge', { label: name, statistic: 'Maximum', period: minute })),
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Queues: depth',
            left: queues.map(([name, q]) => q.metricApproximateNumberOfMessagesVisible({ label: name, period: minute, statistic: 'Maximum' })),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Queues: oldest message (s)',
            left: queues.map(([name, q]) => q.metricApproximateAgeOfOldestMessage({ label: name, period: minute, statistic: 'Maximum' })),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Dead letters',
            left: (Object.entries(props.deadLetters) as [WorkQueue, sqs.IQueue][]).map(([name, q]) =>
              q.metricApproximateNumberOfMessagesVisible({ label: name, period: minute, statistic: 'Maximum' }),
            ),
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Workers: errors and throttles',
            left: (Object.entries(props.workers) as [WorkQueue, lambda.IFunction][]).flatMap(([name, fn]) => [
              fn.metricErrors({ label: `${name} errors`, period: minute, statistic: 'Sum' }),
              fn.metricThrottles({ label: `${name} throttles`, period: minute, statistic: 'Sum' }),
            ]),
            width: 8,
          }),
          new cloudwatch.GraphWidget({ title: 'SLA breaches (per 5 minutes)', left: [slaBreachesMetric], width: 8 }),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 8 }),
        ],
        // The headline KPIs, as the KPI consumer counts them (per hour; GET /kpis gives the exact figures per client day).
        [
          new cloudwatch.GraphWidget({
            title: 'KPIs: contacts, first responses, resolutions (per hour)',
            left: [kpiMetric('KpiContacts', 'contacts'), kpiMetric('KpiFirstResponses', 'first responses'), kpiMetric('KpiResolutions', 'resolutions')],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'KPIs: service level, CSAT, preference, callbacks kept (%)',
            left: [
              kpiShare('serviceLevel', 'service level', 'KpiServiceLevelMet', ['KpiServiceLevelMet', 'KpiServiceLevelMissed']),
              kpiShare('csat', 'CSAT (4–5)', 'KpiCsatSatisfied', 'KpiCsatResponses'),
              kpiShare('preference', 'preference (yes)', 'KpiPreferenceYes', 'KpiPreferenceResponses'),
              kpiShare('callbacks', 'callbacks kept', 'KpiCallbacksKept', 'KpiCallbacksCompleted'),
            ],
            leftYAxis: { min: 0, max: 100 },
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'KPIs: SLA breaches, resolutions contacted again, surveys answered, surges detected, events counted',
            left: [
              kpiMetric('KpiSlaBreaches', 'SLA breaches'),
              kpiMetric('KpiFcrBroken', 'resolved, then contacted again or reopened'),
              kpiMetric('KpiSurveysAnswered', 'surveys answered'),
              kpiMetric('KpiSurgesDetected', 'surges'),
            ],
            right: [kpiMetric('KpiEventsApplied', 'events counted')],
            width: 8,
          }),
        ],
      ],
    });
  }
}
