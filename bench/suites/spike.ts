import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { WorkQueue } from '../../functions/definition/queues';
import { localAwsClientConfig } from '../../local/aws';
import { cpuMeter, type CpuReading } from '../lib/cpu-meter';
import { appendResults, mean, percentile, printTable, progress } from '../lib/report';
import { benchRuntime } from '../lib/runtime';

interface RequestRecord {
  phase: string;
  sentAt: number;
  ms: number;
  status: number;
  escalationId?: string;
}

interface Sample extends CpuReading {
  at: number;
  depth: number;
  workers: number;
}

/**
 * A spike the API should never feel: `POST /interactions` at a steady rate, then ten times that
 * rate for a minute of contacts that escalate automatically (a complaint in a negative tone on an
 * open case, as in an outage), then the steady rate again. Requests leave at the rate whatever the
 * latency (open loop, bench/lib/rate-generator.mjs). Printed per 5-second window: the rate sent,
 * API p50/p99, the escalation queue's depth and its worker's concurrency.
 *
 * Holds when the API's p99 during the spike stays within 2× its steady p99 (the queue absorbs
 * the escalations, the worker drains them at its configured concurrency), no request fails, and
 * every escalation is assigned exactly once.
 *
 * Printed per window too: the cores used by the runtime's process (gateway, API handlers, relay,
 * bus), by the queue workers' process (the workers and the SQS emulator, at a lower priority: they
 * stand in for Lambda instances and a service on other machines), by DynamoDB Local, by the load
 * generator and by the whole machine, and the runtime's longest event-loop stall, so that a miss
 * says where the time went.
 */
export async function spike({ smoke }: { smoke: boolean }) {
  // Requests per second at steady state: SPIKE_STEADY_RATE, default 1, so 10/s in the spike: what
  // the two cores of the build machines hold for the API's process (~0.25 cores), the workers'
  // (~0.3) and DynamoDB Local (~0.5) at once, with a core to spare (docs/capacity.md).
  const steadyRate = Number(process.env.SPIKE_STEADY_RATE ?? 1);
  const spikeRate = steadyRate * 10;
  const [steadySeconds, spikeSeconds, afterSeconds] = smoke ? [5, 5, 5] : [30, 60, 30];
  const runtime = await benchRuntime();
  const agent = await runtime.token('agent');
  const headers = { authorization: `Bearer ${agent}`, 'content-type': 'application/json' };
  const run = Date.now().toString(36);

  // One open case per spike contact (automatic escalation applies once per case), and a few for
  // the warm-up, which loads every module on both paths before anything is measured.
  const warmup = { rate: steadyRate, seconds: 5 };
  const warmupEscalations = 3;
  const spikeContacts = spikeRate * spikeSeconds;
  // The steady phase sends the same request (an auto-escalating contact on its own open case) at
  // the steady rate, so that steady and spike differ by their rate only: a plain contact costs
  // the API less than an escalating one (no escalation written), and comparing the two would
  // measure the kind of request, not the load.
  const steadyContacts = Math.round(steadyRate * steadySeconds);
  const customer = await post(`${runtime.url}/interactions`, headers, contact({ email: `spike-${run}@bench.example` }, 'Hello.'));
  const tick = progress('cases opened for the spike', spikeContacts);
  const caseIds: string[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (caseIds.length < spikeContacts + steadyContacts + warmupEscalations) {
        caseIds.push((await post(`${runtime.url}/cases`, headers, { customerId: customer.customerId, subject: 'No connection' })).caseId);
        tick(Math.min(caseIds.length, spikeContacts));
      }
    }),
  );
  await runtime.settled();
  // The queue the automatic rules send to: the demo config routes their tier (2) to `expert`.
  const queue: WorkQueue = 'expert';
  const assignedBefore = runtime.events().filter((e) => e['detail-type'] === 'EscalationAssigned.v1').length;

  const sqs = new SQSClient(localAwsClientConfig(runtime.endpoints.sqs));
  const samples: Sample[] = [];
  let sampling = true;
  const meter = cpuMeter(runtime.workerProcessId);
  const started = performance.now();
  const sampler = (async () => {
    while (sampling) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: runtime.queues[queue].url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      samples.push({
        at: performance.now() - started,
        depth: Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible),
        workers: runtime.workerConcurrency()[queue],
        ...meter.read(),
      });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();

  const plain = Array.from({ length: 20 }, (_, i) => contact({ email: `steady-${run}-${i}@bench.example` }, 'Just checking the status of my order.'));
  const escalatingContact = (caseId: string) =>
    contact({ customerId: customer.customerId }, 'This is unacceptable, the outage is still going on. I want to cancel my contract and file a complaint.', {
      caseId,
    });
  const steadyEscalating = caseIds.slice(warmupEscalations, warmupEscalations + steadyContacts).map(escalatingContact);
  const escalating = caseIds.slice(warmupEscalations + steadyContacts).map(escalatingContact);
  console.error(`  spike: ${steadyRate}/s for ${steadySeconds} s, ${spikeRate}/s for ${spikeSeconds} s, ${steadyRate}/s for ${afterSeconds} s`);
  // SPIKE_WORKERS=held: the workers are held while the load runs and drain afterwards (their
  // event source mappings disabled), so that nothing but the API's path uses DynamoDB Local and
  // the cores: a diagnostic that measures the API path alone, not the design (the workers drain
  // during the spike, as on AWS, unless this is set).
  const workersHeld = process.env.SPIKE_WORKERS === 'held';
  if (workersHeld) await runtime.holdWorkers(true);
  const records = await generate({
    url: `${runtime.url}/interactions`,
    headers,
    phases: [
      {
        name: 'warm-up',
        ...warmup,
        bodies: [
          ...caseIds
            .slice(0, warmupEscalations)
            .map((caseId) => contact({ customerId: customer.customerId }, 'I want to cancel: this outage is unacceptable.', { caseId })),
          ...plain,
        ],
      },
      { name: 'steady', rate: steadyRate, seconds: steadySeconds, bodies: steadyEscalating },
      { name: 'spike', rate: spikeRate, seconds: spikeSeconds, bodies: escalating },
      { name: 'after', rate: steadyRate, seconds: afterSeconds, bodies: plain },
    ],
  });
  await runtime.holdWorkers(false);
  await runtime.settled();
  const drainedSeconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  meter.stop();

  const windowMs = 5000;
  const windows = Math.ceil(Math.max(drainedSeconds * 1000, ...records.map((r) => r.sentAt + r.ms)) / windowMs);
  const rows = Array.from({ length: windows }, (_, w) => {
    const sent = records.filter((r) => r.sentAt >= w * windowMs && r.sentAt < (w + 1) * windowMs);
    const inWindow = samples.filter((s) => s.at >= w * windowMs && s.at < (w + 1) * windowMs);
    return {
      window: `${(w * windowMs) / 1000}-${((w + 1) * windowMs) / 1000} s`,
      phase: sent[0]?.phase ?? '(draining)',
      'req/s': (sent.length / (windowMs / 1000)).toFixed(1),
      'p50 ms': sent.length
        ? percentile(
            sent.map((r) => r.ms),
            50,
          ).toFixed(1)
        : '',
      'p99 ms': sent.length
        ? percentile(
            sent.map((r) => r.ms),
            99,
          ).toFixed(1)
        : '',
      errors: sent.filter((r) => r.status < 200 || r.status >= 300).length,
      'queue depth (max)': Math.max(0, ...inWindow.map((s) => s.depth)),
      'workers (max)': Math.max(0, ...inWindow.map((s) => s.workers)),
      // Cores used, averaged over the window: the runtime's process (gateway, API handlers, relay,
      // bus, SQS emulator), the queue workers' process, DynamoDB Local, the load generator, the
      // whole machine (also anything else running); and the runtime's longest event-loop stall.
      'API proc cores': mean(inWindow.map((s) => s.process)).toFixed(2),
      'workers proc cores': mean(inWindow.map((s) => s.workerProcess)).toFixed(2),
      'DDB Local cores': mean(inWindow.map((s) => s.java)).toFixed(2),
      'load gen cores': mean(inWindow.map((s) => s.load)).toFixed(2),
      'machine cores': mean(inWindow.map((s) => s.machine)).toFixed(2),
      'loop delay max ms': Math.max(0, ...inWindow.map((s) => s.loopDelayMaxMs)).toFixed(0),
    };
  });

  const latencies = (phase: string) => records.filter((r) => r.phase === phase).map((r) => r.ms);
  const steadyP99 = percentile(latencies('steady'), 99);
  const spikeP99 = percentile(latencies('spike'), 99);
  const requested = records.filter((r) => (r.phase === 'spike' || r.phase === 'steady') && r.escalationId).map((r) => r.escalationId!);
  const assigned = new Map<string, number>();
  for (const event of runtime
    .events()
    .filter((e) => e['detail-type'] === 'EscalationAssigned.v1')
    .slice(assignedBefore)) {
    const id = (event.detail as { data: { escalationId: string } }).data.escalationId;
    assigned.set(id, (assigned.get(id) ?? 0) + 1);
  }
  const figures = {
    requests: records.length,
    errors: records.filter((r) => r.status < 200 || r.status >= 300).length,
    steadyP99Ms: round(steadyP99),
    spikeP99Ms: round(spikeP99),
    p99Ratio: round(spikeP99 / steadyP99),
    steadyP50Ms: round(percentile(latencies('steady'), 50)),
    spikeP50Ms: round(percentile(latencies('spike'), 50)),
    escalationsRequested: requested.length,
    expectedEscalations: spikeContacts + steadyContacts,
    assignedOnce: requested.filter((id) => assigned.get(id) === 1).length,
    duplicated: requested.filter((id) => (assigned.get(id) ?? 0) > 1).length,
    lost: requested.filter((id) => !assigned.has(id)).length,
    peakQueueDepth: Math.max(0, ...samples.map((s) => s.depth)),
    peakWorkers: runtime.workerPeakConcurrency()[queue],
    configuredMaxConcurrency: runtime.queues[queue].settings.maxConcurrency,
    drainedSeconds: round(drainedSeconds),
  };
  printTable(
    `Spike: POST /interactions, ${steadyRate}/s → ${spikeRate}/s of auto-escalating contacts for ${spikeSeconds} s → ${steadyRate}/s (the ${queue} queue; workers ${workersHeld ? 'held until the load ends (SPIKE_WORKERS=held)' : 'draining during the load'})`,
    rows,
  );
  printTable(
    'Spike: what must hold',
    Object.entries(figures).map(([figure, value]) => ({ figure, value })),
  );
  const holds = {
    'API p99 during the spike ≤ 2× steady': figures.p99Ratio <= 2,
    '0 errors': figures.errors === 0,
    'every escalation assigned once':
      figures.escalationsRequested === figures.expectedEscalations && figures.assignedOnce === figures.expectedEscalations && figures.duplicated === 0,
    'workers within their configured concurrency': figures.peakWorkers <= figures.configuredMaxConcurrency,
  };
  for (const [rule, ok] of Object.entries(holds)) console.log(`  ${ok ? 'pass' : 'miss'}: ${rule}`);
  appendResults('spike', {
    workers: workersHeld ? 'held during the load' : 'draining during the load',
    steadyRate,
    spikeRate,
    steadySeconds,
    spikeSeconds,
    afterSeconds,
    queue,
    figures,
    holds,
    windows: rows,
  });
}

function contact(customer: object, text: string, extra: object = {}) {
  return { channel: 'chat', direction: 'inbound', customer, text, ...extra };
}

async function post(url: string, headers: Record<string, string>, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`seed failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { customerId: string; caseId: string };
}

function generate(options: Record<string, unknown>): Promise<RequestRecord[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-spike-')), 'load.json');
  writeFileSync(file, JSON.stringify(options));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../lib/rate-generator.mjs'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as RequestRecord[]) : reject(new Error(`rate generator exited with ${code}`))));
  });
}

function round(value: number): number {
  return Number(value.toFixed(2));
}
