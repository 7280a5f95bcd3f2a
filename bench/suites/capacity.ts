import type { LocalRuntime } from '../../local/runtime';
import { budgets } from '../budgets';
import { installCapacityMeter, since, snapshot } from '../lib/capacity-meter';
import { benchRuntime } from '../lib/runtime';
import { appendResults, median, printTable, progress } from '../lib/report';

export interface OperationFigures {
  operation: string;
  rru: number;
  wru: number;
  events: number;
  sqsRequests: number;
  /** Median wall time of the call in-process (DynamoDB Local's latency on a shared machine included). */
  handlerMs: number;
  /**
   * Median CPU time of this process during the call: the handler, and the local gateway and the
   * test client around it (an overestimate of the handler's own, stable from run to run).
   */
  cpuMs: number;
  /** Median DynamoDB requests of the call (the only service the measured handlers call; events go through the outbox). */
  sdkCalls: number;
}

/**
 * Capacity: for each API operation, the DynamoDB read and write request units it consumes
 * (ReturnConsumedCapacity against DynamoDB Local), the EventBridge entries it causes (counted on
 * the local bus after the relay caught up) and the SQS requests (none yet), per call; plus the
 * handler's median wall time and CPU time in-process and its DynamoDB requests, from which the
 * cost suite models the billed duration (costAssumptions.sdkCallMs).
 */
export async function capacity({ smoke }: { smoke: boolean }) {
  const figures = await measureOperations(smoke ? 2 : 10);
  printTable(
    'Capacity per call (DynamoDB Local, ReturnConsumedCapacity: index writes included, transactions billed once, missing items free; events after the relay; budgets in bench/budgets.ts)',
    figures.map((f) => {
      const budget = budgets.capacity[f.operation];
      const pass = !budget || (f.rru <= budget.rru && f.wru <= budget.wru && f.events <= budget.events);
      return {
        operation: f.operation,
        RRU: f.rru,
        WRU: f.wru,
        events: f.events,
        'SQS req': f.sqsRequests,
        'handler ms': f.handlerMs,
        'CPU ms': f.cpuMs,
        'DynamoDB calls': f.sdkCalls,
        budget: budget ? (pass ? 'pass' : `miss (≤ ${budget.rru} RRU, ${budget.wru} WRU, ${budget.events} ev)`) : '',
      };
    }),
  );
  appendResults('capacity', { operations: figures });
  return figures;
}

export async function measureOperations(repeat: number): Promise<OperationFigures[]> {
  installCapacityMeter();
  return measure(await benchRuntime(), repeat);
}

async function measure(runtime: LocalRuntime, repeat: number): Promise<OperationFigures[]> {
  const agent = await runtime.token('agent');
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json', ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const contact = (customer: object, extra: object = {}) => ({
    channel: 'chat',
    direction: 'inbound',
    customer,
    text: 'My internet box is down; I restarted it twice.',
    ...extra,
  });

  // Identities unique to this measurement: suites of one run share the tables.
  const run = Date.now().toString(36);
  const knownEmail = `known-${run}@bench.example`;
  // A known customer with a case, for the reads.
  const known = await call('POST', '/interactions', contact({ email: knownEmail }));
  const supportCase = await call('POST', '/cases', { customerId: known.customerId, subject: 'Box down' });
  let n = 0;
  const operations: [string, () => Promise<unknown>][] = [
    ['POST /interactions (new customer)', () => call('POST', '/interactions', contact({ email: `new-${run}-${n++}@bench.example` }))],
    ['POST /interactions (known customer)', () => call('POST', '/interactions', contact({ email: knownEmail }))],
    ['POST /interactions (Idempotency-Key)', () => call('POST', '/interactions', contact({ email: knownEmail }), { 'idempotency-key': `key-${run}-${n++}` })],
    ['GET /customers/{customerId}', () => call('GET', `/customers/${known.customerId}`)],
    ['GET /customers/{customerId}/timeline', () => call('GET', `/customers/${known.customerId}/timeline?limit=25`)],
    ['POST /cases', () => call('POST', '/cases', { customerId: known.customerId, subject: 'Another problem' })],
    ['GET /cases/{caseId}', () => call('GET', `/cases/${supportCase.caseId}`)],
    ['PATCH /cases/{caseId}', () => call('PATCH', `/cases/${supportCase.caseId}`, { priority: n++ % 2 ? 'high' : 'normal' })],
    ['GET /cases/{caseId}/context', () => call('GET', `/cases/${supportCase.caseId}/context`)],
    [
      'POST /customers/{customerId}/merge',
      async () => {
        const source = await call('POST', '/interactions', contact({ externalId: `merge-${run}-${n++}` }));
        await runtime.relayIdle();
        const before = snapshot();
        const eventsBefore = runtime.events().length;
        const started = performance.now();
        const cpu = process.cpuUsage();
        await call('POST', `/customers/${known.customerId}/merge`, { sourceCustomerId: source.customerId });
        return { before, eventsBefore, ms: performance.now() - started, cpu };
      },
    ],
    ['GET /health', () => call('GET', '/health')],
  ];

  const tick = progress('operations', operations.length * repeat);
  let done = 0;
  const figures: OperationFigures[] = [];
  for (const [operation, run] of operations) {
    const samples: { rru: number; wru: number; events: number; ms: number; cpuMs: number; calls: number }[] = [];
    for (let i = 0; i < repeat; i++) {
      await runtime.relayIdle();
      let before = snapshot();
      let eventsBefore = runtime.events().length;
      const started = performance.now();
      let cpu = process.cpuUsage();
      const result = (await run()) as { before?: ReturnType<typeof snapshot>; eventsBefore?: number; ms?: number; cpu?: NodeJS.CpuUsage };
      let ms = performance.now() - started;
      // The merge measures itself after preparing its source profile.
      if (result?.before) ({ before, eventsBefore, ms, cpu } = { before: result.before, eventsBefore: result.eventsBefore!, ms: result.ms!, cpu: result.cpu! });
      const usedCpu = process.cpuUsage(cpu);
      const used = since(before);
      await runtime.relayIdle();
      samples.push({
        rru: used.rru,
        wru: used.wru,
        events: runtime.events().length - eventsBefore,
        ms,
        cpuMs: (usedCpu.user + usedCpu.system) / 1000,
        calls: used.calls,
      });
      tick(++done);
    }
    figures.push({
      operation,
      rru: median(samples.map((s) => s.rru)),
      wru: median(samples.map((s) => s.wru)),
      events: median(samples.map((s) => s.events)),
      sqsRequests: 0,
      handlerMs: Number(median(samples.map((s) => s.ms)).toFixed(1)),
      cpuMs: Number(median(samples.map((s) => s.cpuMs)).toFixed(1)),
      sdkCalls: median(samples.map((s) => s.calls)),
    });
  }
  return figures;
}
