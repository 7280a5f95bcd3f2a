import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import type { ClientConfig } from '../../lib/config/client-config';
import { demoConfig } from './demo';

/**
 * The local runtime the suites share. Handler modules (and their SDK clients) load once per
 * process, bound to the endpoints of the first runtime, so a run boots one runtime for all its
 * suites and stops it at the end (run.ts).
 */
let runtime: Promise<LocalRuntime> | undefined;

/**
 * The run's runtime; `config` applies only if this call starts it (the escalations suite asks
 * for short visibility timeouts so poison messages reach the DLQ within the run).
 */
export function benchRuntime(config: ClientConfig = demoConfig): Promise<LocalRuntime> {
  // The queue workers stand in for Lambda instances on other machines: their process runs at a
  // lower priority (BENCH_WORKER_NICE, default 10), so that it takes the cores the API leaves.
  runtime ??= startLocalRuntime({ config, port: 0, throttling: false, workerNice: Number(process.env.BENCH_WORKER_NICE ?? 10) });
  return runtime;
}

export async function stopBenchRuntime(): Promise<void> {
  if (runtime) await (await runtime).stop();
}
