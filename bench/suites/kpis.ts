import { documentClient, dynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { KpiStore } from '../../functions/adapters/dynamodb/kpi-store';
import { type Channel, channels as allChannels } from '../../functions/domain/channels';
import { type EventData, type EventName, events } from '../../functions/domain/events';
import { type EscalationQueue, escalationQueues } from '../../functions/domain/escalations';
import { newId } from '../../functions/domain/ids';
import { type KpiEvent, type KpiState, kpiEffects, stateKeysOf } from '../../functions/domain/kpi-consumer';
import { attributesOf, type CounterValues, dimensionValuesOf, kpiDimensions } from '../../functions/domain/kpi-counters';
import { queueDefinitions } from '../../functions/definition/queues';
import { applyKpiEvents } from '../../functions/use-cases/kpis';
import { kpiRules } from '../../lib/definition/environment';
import { installCapacityMeter, since, snapshot } from '../lib/capacity-meter';
import { demoConfig } from '../lib/demo';
import { appendResults, printTable, progress } from '../lib/report';
import { benchRuntime } from '../lib/runtime';

/**
 * The KPI consumer under 100,000 events (`npm run bench -- kpis`; `--smoke`: 2,000): a month of a
 * contact centre generated from a seeded random source (cases opened, contacts on 13 channels,
 * replies, escalations to the three queues with their waits, SLA breaches, resolutions, reopens,
 * callbacks, incidents, surveys offered and answered), 1% delivered twice, applied through the
 * consumer's use case and store on DynamoDB Local by 8 lanes at once (a customer's events in order
 * in one lane, as one SQS message group would keep them; lanes meet on the day counters), each
 * lane in batches of the queue's batch size, as the worker takes them (applyKpiEvents).
 * Reports events/s and RRU/WRU per event; then reads every day item back (one Query per dimension)
 * and compares it with two recomputations from the same events: the consumer's pure function
 * replayed in memory (every counter and bucket), and a brute force straight from the generated
 * scenario (contacts per day and channel, new cases, resolutions, service level per queue,
 * callbacks, survey counts and sums) that shares no code with the consumer.
 */
export async function kpis({ smoke }: { smoke: boolean }) {
  const target = smoke ? 2_000 : 100_000;
  const lanes = 8;
  const runtime = await benchRuntime();
  installCapacityMeter();
  const rules = kpiRules(demoConfig);
  const store = new KpiStore(documentClient, runtime.names.dataTable);
  const deps = { kpis: store, settings: { KPI_RULES: rules }, now: () => new Date() };

  const { stream, brute } = generate(target, rules.serviceLevelTargetSeconds);
  const delivered = stream.flatMap((event, i) => (i % 100 === 7 ? [event, event] : [event]));
  const byLane = Array.from({ length: lanes }, () => [] as KpiEvent[]);
  for (const event of delivered) byLane[hash(laneKey(event)) % lanes]!.push(event);

  // DynamoDB Local's consumed capacity for a transaction is not AWS's (2 WRU per item of up to
  // 1 KB): the items each transaction writes are counted too, for the AWS figure.
  let transactionItems = 0;
  dynamoDbClient.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') transactionItems += (args.input as { TransactItems?: unknown[] }).TransactItems?.length ?? 0;
      return next(args);
    },
    { step: 'initialize', name: 'kpiTransactionItems' },
  );
  const before = snapshot();
  const started = performance.now();
  const tick = progress('events applied', delivered.length);
  let done = 0;
  let duplicates = 0;
  // Each lane takes its events in queue batches, as the worker does (applyKpiEvents: one transaction for a batch when it fits).
  const batchSize = queueDefinitions.kpis.settings().batchSize;
  let failed = 0;
  await Promise.all(
    byLane.map(async (lane) => {
      for (let i = 0; i < lane.length; i += batchSize) {
        const batch = lane.slice(i, i + batchSize);
        for (const outcome of await applyKpiEvents(deps, batch)) {
          if ('error' in outcome) failed++;
          else if (outcome.applied.outcome === 'duplicate') duplicates++;
        }
        const before = done;
        done += batch.length;
        if (Math.floor(done / 1000) > Math.floor(before / 1000)) tick(done);
      }
    }),
  );
  tick(delivered.length);
  const seconds = (performance.now() - started) / 1000;
  const capacity = since(before);

  // The consumer's pure function, replayed in memory in the stream's order.
  const replayed = new Map<string, CounterValues>();
  const states = new Map<string, unknown>();
  for (const event of stream) {
    const keysOf = stateKeysOf(event);
    const state: KpiState = {
      ...(keysOf.caseId && states.has(`case|${keysOf.caseId}`) ? { case: states.get(`case|${keysOf.caseId}`) as KpiState['case'] } : {}),
      ...(keysOf.customerId && states.has(`customer|${keysOf.customerId}`)
        ? { customer: states.get(`customer|${keysOf.customerId}`) as KpiState['customer'] }
        : {}),
      ...(keysOf.callbackId && states.has(`callback|${keysOf.callbackId}`)
        ? { callback: states.get(`callback|${keysOf.callbackId}`) as KpiState['callback'] }
        : {}),
    };
    const effects = kpiEffects(event, state, rules);
    if (effects.case) states.set(`case|${effects.case.caseId}`, { ...effects.case, version: (state.case?.version ?? 0) + 1 });
    if (effects.customer) states.set(`customer|${effects.customer.customerId}`, { ...effects.customer, version: (state.customer?.version ?? 0) + 1 });
    if (effects.callback) states.set(`callback|${effects.callback.callbackId}`, { ...effects.callback, version: (state.callback?.version ?? 0) + 1 });
    for (const increment of effects.increments)
      for (const { dimension, value } of dimensionValuesOf(increment.dimensions)) {
        const key = `${dimension}|${increment.day}|${value}`;
        const values = replayed.get(key) ?? {};
        for (const [name, by] of Object.entries(attributesOf(increment))) values[name] = (values[name] ?? 0) + by;
        replayed.set(key, values);
      }
  }
  // What the table holds, one Query per dimension over every day the events reach (resolutions,
  // reopens and answers run days past the month: a fixed month's range missed them at 100,000 events).
  const days = [...replayed.keys(), ...brute.keys()].map((key) => key.split('|')[1]!).sort();
  const stored = new Map<string, CounterValues>();
  for (const dimension of kpiDimensions)
    for (const item of await store.days(dimension, days[0]!, days.at(-1)!)) stored.set(`${dimension}|${item.day}|${item.value}`, item.values);
  const replayMismatches = compare(replayed, stored);
  const bruteMismatches = compare(brute, stored, true);

  const figures = {
    events: stream.length,
    deliveries: delivered.length,
    duplicatesDropped: duplicates,
    lanes,
    batchSize,
    failed,
    seconds: round(seconds),
    eventsPerSecond: round(delivered.length / seconds),
    rruPerEvent: round(capacity.rru / delivered.length),
    wruPerEvent: round(capacity.wru / delivered.length),
    transactionItemsPerEvent: round(transactionItems / delivered.length),
    awsWruPerEvent: round((2 * transactionItems) / delivered.length),
    dayItems: stored.size,
    replayMismatches: replayMismatches.length,
    bruteForceMismatches: bruteMismatches.length,
  };
  printTable(
    `KPI consumer: ${stream.length.toLocaleString('en')} events (+${delivered.length - stream.length} redelivered), ${lanes} lanes, batches of ${batchSize}`,
    [
      {
        'events/s': figures.eventsPerSecond,
        'RRU/event': figures.rruPerEvent,
        'WRU/event': figures.wruPerEvent,
        'AWS WRU/event': figures.awsWruPerEvent,
        'duplicates dropped': duplicates,
        'day items': stored.size,
        'vs replay': replayMismatches.length === 0 ? 'equal' : `${replayMismatches.length} differ`,
        'vs brute force': bruteMismatches.length === 0 ? 'equal' : `${bruteMismatches.length} differ`,
      },
    ],
  );
  for (const line of [...replayMismatches, ...bruteMismatches].slice(0, 10)) console.log(`  ${line}`);
  appendResults('kpis', figures);
  if (failed || replayMismatches.length || bruteMismatches.length || duplicates !== delivered.length - stream.length) {
    throw new Error('The KPI counters differ from the recomputation of the same events');
  }
  return figures;
}

/** Every item and counter of `expected` in `actual` with the same value (`partial`: only the counters `expected` names). */
function compare(expected: Map<string, CounterValues>, actual: Map<string, CounterValues>, partial = false): string[] {
  const differ: string[] = [];
  for (const [key, values] of expected) {
    const got = actual.get(key) ?? {};
    for (const [name, value] of Object.entries(values))
      if ((got[name] ?? 0) !== value) differ.push(`${key} ${name}: expected ${value}, stored ${got[name] ?? 0}`);
    if (!partial)
      for (const [name, value] of Object.entries(got))
        if (values[name] === undefined && value !== 0) differ.push(`${key} ${name}: stored ${value}, none expected`);
  }
  if (!partial) for (const key of actual.keys()) if (!expected.has(key)) differ.push(`${key}: stored, none expected`);
  return differ;
}

const laneKey = (event: KpiEvent): string => ('customerId' in event.data ? event.data.customerId : (event.data.incidentId ?? 'none')) as string;
function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}
const round = (value: number) => Number(value.toFixed(2));

/**
 * A month of activity, about `target` events, in order of time per customer; and the brute-force
 * counts of the scenario (by `dimension|day|value`, Paris days), written from the scenario itself.
 */
function generate(target: number, serviceLevelTargetSeconds: Record<EscalationQueue, number>) {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const channels: readonly Channel[] = allChannels;
  const queues: readonly EscalationQueue[] = escalationQueues;
  const teams = Object.fromEntries(Object.entries(demoConfig.routing.queues).map(([queue, s]) => [queue, s.team])) as Record<EscalationQueue, string>;
  const stream: KpiEvent[] = [];
  const brute = new Map<string, CounterValues>();
  // Paris is UTC+1 in November: a Paris day is [day−1 23:00Z, day 23:00Z).
  const parisDay = (at: number) => new Date(at + 3_600_000).toISOString().slice(0, 10);
  const count = (dimension: string, at: number, value: string, name: string, by = 1) => {
    const key = `${dimension}|${parisDay(at)}|${value}`;
    const values = brute.get(key) ?? {};
    values[name] = (values[name] ?? 0) + by;
    brute.set(key, values);
  };
  const push = <N extends EventName>(name: N, data: EventData<N>, at: number) =>
    stream.push({
      name,
      data,
      metadata: {
        eventId: newId('event'),
        eventType: events[name].detailType,
        occurredAt: new Date(at).toISOString(),
        clientId: 'demo',
        correlationId: 'bench',
      },
    } as KpiEvent);

  const month = Date.parse('2026-11-01T06:00:00Z');
  for (let customer = 0; stream.length < target; customer++) {
    const customerId = `cus_bench_${customer}`;
    let at = month + Math.floor(random() * 27 * 86_400_000);
    const channel = pick(channels);
    const caseId = newId('case');
    const priority = pick(['low', 'normal', 'high', 'urgent'] as const);
    push('CaseOpened', { caseId, customerId, priority, status: 'open', channel }, at);
    count('all', at, 'all', 'newCases');
    count('channel', at, channel, 'newCases');
    const contacts = 1 + Math.floor(random() * 3);
    for (let c = 0; c < contacts; c++) {
      const on = c === 0 ? channel : pick(channels);
      const outage = random() < 0.2;
      push(
        'InteractionRecorded',
        {
          interactionId: newId('interaction'),
          customerId,
          caseId,
          channel: on,
          direction: 'inbound',
          occurredAt: new Date(at).toISOString(),
          textLength: 40,
          ...(outage ? { intents: ['outage' as const], segments: { zone: `750${10 + (customer % 10)}` } } : {}),
        },
        at,
      );
      count('all', at, 'all', 'contacts');
      count('channel', at, on, 'contacts');
      at += Math.floor(random() * 3_600_000);
    }
    push(
      'InteractionRecorded',
      { interactionId: newId('interaction'), customerId, caseId, channel, direction: 'outbound', occurredAt: new Date(at).toISOString(), textLength: 30 },
      at,
    );
    if (random() < 0.5) {
      const queue = pick(queues);
      const escalationId = newId('escalation');
      push('EscalationRequested', { escalationId, caseId, customerId, queue, priority }, at);
      const wait = Math.floor(random() * 3_600);
      at += wait * 1000;
      push('EscalationAssigned', { escalationId, caseId, customerId, queue, team: teams[queue], assignedAt: new Date(at).toISOString() }, at);
      const met = wait <= serviceLevelTargetSeconds[queue];
      count('queue', at, queue, met ? 'serviceLevelMet' : 'serviceLevelMissed');
      count('all', at, 'all', 'escalationsAssigned');
    }
    if (random() < 0.1)
      push(
        'SlaBreached',
        {
          caseId,
          customerId,
          priority,
          targets: ['resolution'],
          dueAt: new Date(at).toISOString(),
          detectedAt: new Date(at).toISOString(),
          reEscalation: { escalationId: newId('escalation'), queue: 'expert', tier: 2 },
        },
        at,
      );
    at += Math.floor(random() * 86_400_000);
    push('CaseUpdated', { caseId, customerId, changes: { status: { from: 'open', to: 'resolved' } }, reopened: false, version: 3 }, at);
    count('all', at, 'all', 'resolutions');
    if (random() < 0.08) {
      at += Math.floor(random() * 5 * 86_400_000);
      push('CaseUpdated', { caseId, customerId, changes: { status: { from: 'resolved', to: 'open' } }, reopened: true, version: 4 }, at);
    }
    if (random() < 0.15) {
      const callbackId = newId('callback');
      const due = at + 600_000;
      push(
        'CallbackRequested',
        { callbackId, customerId, dueAt: new Date(due).toISOString(), asap: true, windowEndsAt: new Date(due + 3_600_000).toISOString() },
        at,
      );
      at = due + Math.floor(random() * 5_400_000);
      push('CallbackUpdated', { callbackId, customerId, status: 'completed', attempt: 1 }, at);
      count('all', at, 'all', 'callbacksCompleted');
    }
    const surveyId = newId('event');
    push('SurveyOffered', { surveyId, customerId, caseId, trigger: 'case_resolved', channel, expiresAt: new Date(at + 14 * 86_400_000).toISOString() }, at);
    if (random() < 0.4) {
      at += Math.floor(random() * 86_400_000);
      const csat = 1 + Math.floor(random() * 5);
      const ces = 1 + Math.floor(random() * 7);
      push(
        'SurveyAnswered',
        {
          surveyId,
          customerId,
          caseId,
          trigger: 'case_resolved',
          channel,
          answeredOn: 'web_selfcare',
          priority,
          answers: { csat, ces, preference: pick(['yes', 'no', 'maybe'] as const) },
          hasComment: false,
          offeredAt: new Date(at).toISOString(),
        },
        at,
      );
      count('all', at, 'all', 'surveysAnswered');
      count('all', at, 'all', 'csatSum', csat);
      count('all', at, 'all', 'cesSum', ces);
      count('channel', at, channel, 'csatResponses');
    }
    if (customer % 5_000 === 0) push('IncidentDeclared', { incidentId: newId('incident'), severity: 'major', affected: { zone: ['75011'] }, revision: 1 }, at);
  }
  return { stream, brute };
}
