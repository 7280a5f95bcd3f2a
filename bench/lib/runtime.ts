import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { demoConfig } from './demo';

/**
 * The local runtime the suites share. Handler modules (and their SDK clients) load once per
 * process, bound to the endpoints of the first runtime, so a run boots one runtime for all its
 * suites and stops it at the end (run.ts).
 */
let runtime: Promise<LocalRuntime> | undefined;

export function benchRuntime(): Promise<LocalRuntime> {
  runtime ??= startLocalRuntime({ config: demoConfig, port: 0, throttling: false });
  return runtime;
}

export async function stopBenchRuntime(): Promise<void> {
  if (runtime) await (await runtime).stop();
}
