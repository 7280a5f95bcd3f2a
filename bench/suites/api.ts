import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { benchRuntime } from '../lib/runtime';
import { appendResults, printTable, progress } from '../lib/report';

interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

/**
 * The local runtime under load (loopback only; each run bounded in time and count):
 * POST /interactions and GET /customers/{id}/timeline at 1, 16 and 64 connections. The CPU time
 * per request is the runtime process's (gateway, handlers, SDK) — DynamoDB Local is another
 * process and the load generator a child process, so neither is counted.
 */
export async function api({ smoke }: { smoke: boolean }) {
  const durationMs = smoke ? 500 : 5000;
  const maxRequests = smoke ? 50 : 20_000;
  const runtime = await benchRuntime();
  const run = Date.now().toString(36);
  const loadEmail = `load-${run}@bench.example`;
  {
    const token = await runtime.token('integration');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const known = await post(`${runtime.url}/interactions`, headers, { channel: 'chat', direction: 'inbound', customer: { email: loadEmail }, text: 'seed' });
    for (let i = 0; i < 30; i++)
      await post(`${runtime.url}/interactions`, headers, { channel: 'email', direction: 'inbound', customer: { email: loadEmail }, text: `seed ${i}` });

    const scenarios = [
      {
        name: 'POST /interactions',
        method: 'POST',
        url: `${runtime.url}/interactions`,
        bodies: [
          { channel: 'chat', direction: 'inbound', customer: { email: `load-${run}-{n}@bench.example` }, text: 'My box is down.' },
          { channel: 'phone', direction: 'inbound', customer: { email: loadEmail }, text: 'Calling again.' },
        ],
      },
      { name: 'GET /customers/{id}/timeline', method: 'GET', url: `${runtime.url}/customers/${known.customerId}/timeline?limit=25` },
    ];
    const rows = [];
    const tick = progress('load runs', scenarios.length * 3);
    let done = 0;
    for (const scenario of scenarios) {
      for (const connections of [1, 16, 64]) {
        const cpuBefore = process.cpuUsage();
        const result = await load({ url: scenario.url, method: scenario.method, headers, bodies: scenario.bodies, connections, durationMs, maxRequests });
        await runtime.relayIdle();
        const cpu = process.cpuUsage(cpuBefore);
        rows.push({
          operation: scenario.name,
          connections,
          requests: result.requests,
          'req/s': Math.round(result.rps),
          'p50 ms': result.p50.toFixed(1),
          'p99 ms': result.p99.toFixed(1),
          errors: result.errors,
          'CPU ms/req': ((cpu.user + cpu.system) / 1000 / Math.max(1, result.requests)).toFixed(2),
        });
        tick(++done);
      }
    }
    printTable(`Local runtime under load (${durationMs / 1000} s per run, loopback; errors must be 0)`, rows);
    appendResults('api', { durationMs, runs: rows });
  }
}

async function post(url: string, headers: Record<string, string>, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`seed failed: ${response.status}`);
  return (await response.json()) as { customerId: string };
}

function load(options: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../lib/load-generator.mjs'), JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as LoadResult) : reject(new Error(`load generator exited with ${code}`))));
  });
}
