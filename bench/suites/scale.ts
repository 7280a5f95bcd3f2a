import { existsSync, readFileSync } from 'node:fs';
import { demoConfig } from '../lib/demo';
import { appendResults, printTable, resultsFile } from '../lib/report';

/**
 * Past one machine, on paper (docs/capacity.md explains the model and its sources): from the
 * measured per-call figures (the latest capacity, escalations and incident runs in
 * bench/results/results.json, or the defaults below when a suite never ran) and the demo
 * client's config, the load that 1×, 10×, 100× and 1,000× the demo client's volume puts on
 * each limit, in three situations: a normal peak hour, an outage (10× the contacts for an hour,
 * half of them escalating) and an incident told to a million customers. Prints each limit's
 * utilisation, which one is hit first, and the knob or quota that moves it.
 */

/** The demo client's volume and the shape of its traffic: assumptions (docs/capacity.md). */
export const scaleAssumptions = {
  /** Contacts recorded in the demo client's peak hour (a mid-size brand: ~15,000 contacts a day). */
  contactsPerPeakHour: 2_000,
  /** The busiest minute against the hour's average. */
  peakMinuteFactor: 2,
  /** API calls per contact besides recording it (agent desktop reads: profile, timeline, case, context). */
  readsPerContact: 4,
  /** Share of an outage's contacts that escalate automatically. */
  outageEscalationShare: 0.5,
  /** Customers affected by the incident (told once each, with consent). */
  incidentAudience: 1_000_000,
  /** Handler milliseconds on Lambda, when no capacity run exists: the local median. */
  defaultHandlerMs: { write: 25, read: 10 },
  /** Escalations one worker assigns per second (local escalations run: 69.6/s for 3 workers). */
  defaultEscalationsPerWorkerSecond: 23,
  /** Customers one notification worker tells per second (local incident run: 126/s for 5 workers). */
  defaultNotificationsPerWorkerSecond: 25,
};

/** The account's default quotas and per-resource limits (docs/capacity.md gives the sources). */
export const awsLimits = {
  /** Lambda concurrent executions per account and region. */
  lambdaConcurrency: 1_000,
  /** Lambda scaling: each function adds up to 1,000 concurrent executions every 10 seconds. */
  lambdaScalingPer10s: 1_000,
  /** HTTP API: requests per second per account and region (burst 5,000). */
  httpApiRps: 10_000,
  /** EventBridge PutEvents transactions per second (us-east-1, us-west-2, eu-west-1; 2,400 or less elsewhere). */
  eventBridgePutEventsTps: 10_000,
  /** EventBridge rule target invocations per second (large regions). */
  eventBridgeInvocationsTps: 18_750,
  /** DynamoDB on demand: one partition serves 1,000 write units and 3,000 read units per second. */
  partitionWru: 1_000,
  partitionRru: 3_000,
  /** DynamoDB on demand: table throughput per table and region, default quota (40,000 each). */
  tableWru: 40_000,
  /** SQS event source: adds up to 300 concurrent executions a minute, 1,250 at most, per mapping. */
  sqsScalingPerMinute: 300,
  sqsMaxConcurrency: 1_250,
};

interface Limit {
  /** `config`: a setting of the client config (ops can change it); `aws`: a quota or a per-partition limit. */
  kind: 'config' | 'aws';
  limit: string;
  need: number;
  capacity: number;
  knob: string;
}

export async function scale(_: { smoke: boolean }) {
  const measured = latestMeasurements();
  const a = scaleAssumptions;
  const queues = demoConfig.routing.queues as Record<string, { maxConcurrency: number; batchSize: number }>;
  const expert = queues.expert!;
  const notificationConcurrency = demoConfig.notifications.delivery.maxConcurrency;
  const throttle = demoConfig.throttling;
  const rows: Record<string, string | number>[] = [];
  const firsts: Record<string, string | number>[] = [];
  for (const multiplier of [1, 10, 100, 1_000]) {
    for (const situation of ['peak hour', 'outage (10× for an hour)', '1M-customer incident'] as const) {
      const outage = situation.startsWith('outage');
      const incident = situation.startsWith('1M');
      const contactsPerSecond = ((a.contactsPerPeakHour * multiplier * (outage ? 10 : 1)) / 3600) * a.peakMinuteFactor;
      const apiRps = contactsPerSecond * (1 + a.readsPerContact);
      const escalationsPerSecond = contactsPerSecond * (outage ? a.outageEscalationShare : 0.08);
      // Lambda concurrency by Little's law: arrivals per second × seconds per call.
      const apiConcurrency = (contactsPerSecond * measured.writeMs + contactsPerSecond * a.readsPerContact * measured.readMs) / 1000;
      const recordConcurrency = (contactsPerSecond * measured.writeMs) / 1000;
      const escalationDrain = expert.maxConcurrency * measured.escalationsPerWorkerSecond;
      const notifyRate = notificationConcurrency * measured.notificationsPerWorkerSecond;
      // Writes per second on the hottest keys.
      const queueCounterWru = escalationsPerSecond; // QUEUESTATS#queue / MINUTE#…: one item a minute takes every assignment
      const worklistWru = escalationsPerSecond * 2; // worklists QUEUE#queue: on when requested, off when assigned
      const audienceShardWru = incident ? notifyRate / 10 : 0; // INCIDENTAUDIENCE#id#0-9: ten shards
      const tableWru = contactsPerSecond * measured.contactWru + escalationsPerSecond * 7 + (incident ? notifyRate * 3 : 0);
      const eventsPerSecond = contactsPerSecond * measured.contactEvents + escalationsPerSecond * 2 + (incident ? notifyRate : 0);
      const limits: Limit[] = [
        {
          kind: 'config',
          limit: 'API stage throttle (client config)',
          need: apiRps,
          capacity: throttle.rateLimit,
          knob: 'throttling.rateLimit in the client config',
        },
        { kind: 'aws', limit: 'HTTP API account quota (rps)', need: apiRps, capacity: awsLimits.httpApiRps, knob: 'Service Quotas: API Gateway throttle' },
        {
          kind: 'aws',
          limit: 'Lambda account concurrency',
          need: apiConcurrency + expert.maxConcurrency + notificationConcurrency,
          capacity: awsLimits.lambdaConcurrency,
          knob: 'Service Quotas: Lambda concurrent executions',
        },
        {
          kind: 'aws',
          limit: 'recordInteraction concurrency',
          need: recordConcurrency,
          capacity: awsLimits.lambdaConcurrency,
          knob: 'reserved concurrency of the function',
        },
        {
          kind: 'config',
          limit: `expert escalation drain (${expert.maxConcurrency} workers)`,
          need: escalationsPerSecond,
          capacity: escalationDrain,
          knob: 'routing.queues.expert.maxConcurrency (the backlog waits in SQS, the API does not feel it)',
        },
        {
          kind: 'aws',
          limit: 'SQS event source ramp (workers a minute)',
          need: Math.max(expert.maxConcurrency, escalationsPerSecond / measured.escalationsPerWorkerSecond),
          capacity: awsLimits.sqsScalingPerMinute,
          knob: 'none (Lambda adds 300 a minute, 1,250 at most): raise maxConcurrency ahead of a known peak',
        },
        {
          kind: 'aws',
          limit: 'DynamoDB hottest partition: queue counter',
          need: queueCounterWru,
          capacity: awsLimits.partitionWru,
          knob: 'shard QUEUESTATS by a suffix (as INCIDENTSTATS)',
        },
        {
          kind: 'aws',
          limit: 'DynamoDB hottest partition: work list QUEUE#',
          need: worklistWru,
          capacity: awsLimits.partitionWru,
          knob: 'shard the worklist key per queue (as SLA#0-3)',
        },
        {
          kind: 'aws',
          limit: 'DynamoDB incident audience shard',
          need: audienceShardWru,
          capacity: awsLimits.partitionWru,
          knob: 'more INCIDENTAUDIENCE shards (10 today)',
        },
        {
          kind: 'aws',
          limit: 'DynamoDB table throughput (WRU/s)',
          need: tableWru,
          capacity: awsLimits.tableWru,
          knob: 'Service Quotas: DynamoDB on-demand table throughput',
        },
        {
          kind: 'aws',
          limit: 'EventBridge PutEvents (entries/s)',
          need: eventsPerSecond,
          capacity: awsLimits.eventBridgePutEventsTps,
          knob: 'Service Quotas: PutEvents TPS (or relay batches of 10 entries)',
        },
      ];
      const first = (kind: Limit['kind']) =>
        limits.filter((l) => l.kind === kind).reduce((top, l) => (l.need / l.capacity > top.need / top.capacity ? l : top));
      const configured = first('config');
      const quota = first('aws');
      const use = (l: Limit) => `${Math.round((100 * l.need) / l.capacity)}%`;
      for (const l of limits) {
        rows.push({
          volume: `${multiplier}×`,
          situation,
          limit: l.limit,
          need: round(l.need),
          capacity: round(l.capacity),
          use: `${Math.round((100 * l.need) / l.capacity)}%`,
        });
      }
      firsts.push({
        volume: `${multiplier}×`,
        situation,
        'contacts/s (peak minute)': round(contactsPerSecond),
        'first config limit': `${configured.limit} ${use(configured)}`,
        'first AWS limit': `${quota.limit} ${use(quota)}`,
        knob: quota.knob,
        'incident: time to tell 1M': incident ? `${round(a.incidentAudience / notifyRate / 3600)} h at ${round(notifyRate)}/s` : '',
      });
    }
  }
  printTable(`Scale model: every limit (measured per call: ${JSON.stringify(measured)})`, rows);
  printTable(
    'Scale model: the limits hit first (a config setting ops can change; an AWS quota or partition), and what moves the AWS one (docs/capacity.md)',
    firsts,
  );
  appendResults('scale', { assumptions: scaleAssumptions, limits: awsLimits, measured, firsts });
}

/** Per-call figures from the latest runs of the measuring suites, or the stated defaults. */
function latestMeasurements() {
  const runs: { suite: string; figures: Record<string, unknown> }[] = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
  const latest = (suite: string) => runs.filter((r) => r.suite === suite).at(-1)?.figures;
  const operations = (latest('capacity')?.operations ?? []) as { operation: string; wru: number; rru: number; events: number; handlerMs: number }[];
  const known = operations.find((o) => o.operation === 'POST /interactions (known customer)');
  const timeline = operations.find((o) => o.operation === 'GET /customers/{customerId}/timeline');
  const escalations = latest('escalations') as { escalationsPerSecond: number; maxConcurrentWorkers: number } | undefined;
  const incident = latest('incident') as { deliveriesPerSecond: number } | undefined;
  return {
    writeMs: known?.handlerMs ?? scaleAssumptions.defaultHandlerMs.write,
    readMs: timeline?.handlerMs ?? scaleAssumptions.defaultHandlerMs.read,
    contactWru: known?.wru ?? 2,
    contactEvents: known?.events ?? 1,
    escalationsPerWorkerSecond: escalations
      ? round(escalations.escalationsPerSecond / escalations.maxConcurrentWorkers)
      : scaleAssumptions.defaultEscalationsPerWorkerSecond,
    notificationsPerWorkerSecond: incident
      ? round(incident.deliveriesPerSecond / demoConfig.notifications.delivery.maxConcurrency)
      : scaleAssumptions.defaultNotificationsPerWorkerSecond,
  };
}

function round(value: number): number {
  return Number(value.toFixed(value < 10 ? 2 : 0));
}
