import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync, type Metafile } from 'esbuild';
import { bundleFunction, lambdaBuildOptions, lambdaRuntimeEnvironment, repoRoot } from '../../lib/bundling';
import { type WorkQueue, workQueues } from '../../functions/definition/queues';
import { functionEnvironment } from '../../lib/definition/environment';
import { type FunctionDefinition, functions } from '../../functions/definition/functions';
import { webhookTargets } from '../../functions/domain/webhooks';
import { demoConfig } from '../lib/demo';
import { appendResults, median, printTable, progress } from '../lib/report';
import { budgets } from '../budgets';

interface Target {
  name: string;
  file: string;
  env: Record<string, string>;
}

/**
 * Cold start: each handler's production bundle (built by lib/bundling.ts, as `cdk synth` does),
 * its size, and the time a fresh Node process takes to import it and run its initialisation —
 * measured inside the child, median of N runs, interleaved so drift hits every target alike —
 * next to two baselines built the same way: an empty handler and one DynamoDB client.
 */
export async function coldstart({ smoke }: { smoke: boolean }) {
  const runs = smoke ? 3 : 20;
  const names = {
    dataTable: 'bench-data',
    idempotencyTable: 'bench-idempotency',
    eventBus: 'bench-bus',
    queueUrls: Object.fromEntries(workQueues.map((queue) => [queue, 'q'])) as Record<WorkQueue, string>,
    webhookSecrets: Object.fromEntries(
      webhookTargets.map((target) => [target, { arn: `arn:aws:secretsmanager:us-east-1:000000000000:secret:bench-${target}` }]),
    ),
    streamFailureQueueUrl: 'q',
  };
  // As Lambda runs them: with the function's NODE_OPTIONS (source maps parsed at cold start).
  const baseEnv = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', ...lambdaRuntimeEnvironment };
  const targets: Target[] = [
    { name: '(baseline) empty handler', file: buildBaseline('empty', 'export const handler = async () => ({});'), env: baseEnv },
    {
      name: '(baseline) one DynamoDB client',
      file: buildBaseline(
        'dynamodb',
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport const handler = async () => client.config.region;",
      ),
      env: baseEnv,
    },
    ...(Object.entries(functions) as [string, FunctionDefinition][]).map(([name, fn]) => ({
      name,
      file: join(bundleFunction(fn.entry), 'index.mjs'),
      env: { ...baseEnv, ...functionEnvironment(demoConfig, fn, names) },
    })),
  ];

  const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  const tick = progress('cold starts', runs * targets.length);
  let done = 0;
  for (let run = 0; run < runs; run++) {
    for (const target of targets) {
      times.get(target.name)!.push(importTime(target));
      tick(++done);
    }
  }

  const baseline = median(times.get('(baseline) one DynamoDB client')!);
  const figures = targets.map((target) => {
    const sizeKb = statSync(target.file).size / 1024;
    const initMs = median(times.get(target.name)!);
    const ratio = initMs / baseline;
    const isHandler = !target.name.startsWith('(baseline)');
    const pass = !isHandler || (sizeKb <= budgets.coldstart.bundleKb && ratio <= budgets.coldstart.initRatio);
    return {
      name: target.name,
      sizeKb: round(sizeKb),
      initMs: round(initMs, 2),
      ratio: round(ratio, 2),
      budget: isHandler ? (pass ? 'pass' : 'miss') : '',
      file: target.file,
    };
  });

  printTable(
    `Cold start (median of ${runs} fresh Node ${process.version} processes; budget ≤ ${budgets.coldstart.bundleKb} KB and ≤ ${budgets.coldstart.initRatio}× the DynamoDB-client baseline)`,
    figures.map(({ file: _file, ...row }) => row),
  );
  const misses = figures.filter((f) => f.budget === 'miss');
  const why = misses.map((miss) => ({ name: miss.name, biggest: topContributors(functions[miss.name as keyof typeof functions].entry) }));
  if (why.length) {
    console.log('\n  Why the misses (largest contributors to each bundle, KB):');
    for (const { name, biggest } of why) console.log(`    ${name}: ${biggest.map(([pkg, kb]) => `${pkg} ${kb}`).join(', ')}`);
  }
  appendResults('coldstart', { runs, baselineMs: round(baseline, 2), handlers: figures.map(({ file: _file, ...row }) => row), misses: why });
}

/** Milliseconds to import and initialise the bundle, measured inside a fresh process. */
function importTime(target: Target): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(target.file).href)}); process.stdout.write(String(performance.now() - t));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...target.env }, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${target.name} failed to initialise:\n${child.stderr}`);
  return Number(child.stdout);
}

function buildBaseline(name: string, source: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, source);
  const outfile = join(dir, 'index.mjs');
  buildSync({ ...lambdaBuildOptions, entryPoints: [entry], outfile, nodePaths: [join(repoRoot, 'node_modules')] });
  return outfile;
}

/** The five packages that weigh most in a bundle, from esbuild's metafile. */
function topContributors(entry: string): [string, number][] {
  const { metafile } = buildSync({
    ...lambdaBuildOptions,
    entryPoints: [join(repoRoot, entry)],
    write: false,
    outdir: join(tmpdir(), 'bench-meta'),
    metafile: true,
  });
  const byPackage = new Map<string, number>();
  for (const output of Object.values((metafile as Metafile).outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = path.includes('node_modules/')
        ? path
            .split('node_modules/')
            .at(-1)!
            .split('/')
            .slice(0, path.split('node_modules/').at(-1)!.startsWith('@') ? 2 : 1)
            .join('/')
        : '(our code)';
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([pkg, bytes]) => [pkg, round(bytes / 1024)]);
}

function round(value: number, digits = 0): number {
  return Number(value.toFixed(digits));
}
