import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { type BundleWeight, bundleFunction, bundleWeight, initialLoad, lambdaBuildOptions, lambdaRuntimeEnvironment, repoRoot } from '../../lib/bundling';
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
  /** What a cold start loads, and what only an `import()` reaches (lib/bundling.ts `initialLoad`). */
  weight: BundleWeight;
  env: Record<string, string>;
}

/**
 * Cold start: each handler's production bundle (built by lib/bundling.ts, as `cdk synth` does),
 * its size, and the time a fresh Node process takes to import it and run its initialisation —
 * measured inside the child, median of N runs, interleaved so drift hits every target alike —
 * next to baselines built with the same esbuild options minus our own replacements (`alias`: the
 * environment-only credentials) and in one file, i.e. as an idiomatic app bundles them: an empty handler, one
 * DynamoDB client (the budget's denominator), and a handler written the Powertools way (logger,
 * metrics, tracer, a DocumentClient Get: the peer style, whose ratio every run prints too). One
 * more row, the DynamoDB client built with our options, shows what the replacements alone save.
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
  const oneClient =
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport const handler = async () => client.config.region;";
  const targets: Target[] = [
    { name: '(baseline) empty handler', ...buildBaseline('empty', 'export const handler = async () => ({});'), env: baseEnv },
    { name: dynamoDbBaseline, ...buildBaseline('dynamodb', oneClient), env: baseEnv },
    { name: powertoolsBaseline, ...buildBaseline('powertools', powertoolsStyleHandler), env: { ...baseEnv, TABLE_NAME: 'bench-data' } },
    { name: '(reference) one DynamoDB client, our esbuild options', ...buildBaseline('dynamodb-ours', oneClient, lambdaBuildOptions), env: baseEnv },
    ...(Object.entries(functions) as [string, FunctionDefinition][]).map(([name, fn]) => {
      const dir = bundleFunction(fn.entry);
      return { name, file: join(dir, 'index.mjs'), weight: bundleWeight(dir), env: { ...baseEnv, ...functionEnvironment(demoConfig, fn, names) } };
    }),
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

  const baseline = median(times.get(dynamoDbBaseline)!);
  const peer = median(times.get(powertoolsBaseline)!);
  const figures = targets.map((target) => {
    const sizeKb = target.weight.initialBytes / 1024;
    const initMs = median(times.get(target.name)!);
    const ratio = initMs / baseline;
    const isHandler = !target.name.startsWith('(');
    const pass = !isHandler || (sizeKb <= budgets.coldstart.bundleKb && ratio <= budgets.coldstart.initRatio);
    return {
      name: target.name,
      sizeKb: round(sizeKb),
      lazyKb: round(target.weight.lazyBytes / 1024),
      initMs: round(initMs, 2),
      ratio: round(ratio, 2),
      vsPowertools: round(initMs / peer, 2),
      budget: isHandler ? (pass ? 'pass' : 'miss') : '',
      file: target.file,
    };
  });

  printTable(
    `Cold start (init: CPU ms to import and initialise, median of ${runs} fresh Node ${process.version} processes; sizeKb: what a cold start loads, lazyKb: chunks only an import() reaches; budget ≤ ${budgets.coldstart.bundleKb} KB and ≤ ${budgets.coldstart.initRatio}× the DynamoDB-client baseline; vsPowertools: init over the Powertools-style handler's)`,
    figures.map(({ file: _file, ...row }) => row),
  );
  const handlers = figures.filter((f) => f.budget !== '');
  const summary = {
    handlers: handlers.length,
    bundlePass: handlers.filter((f) => f.sizeKb <= budgets.coldstart.bundleKb).length,
    initPass: handlers.filter((f) => f.ratio <= budgets.coldstart.initRatio).length,
    largestKb: Math.max(...handlers.map((f) => f.sizeKb)),
    worstRatio: Math.max(...handlers.map((f) => f.ratio)),
    medianVsPowertools: round(median(handlers.map((f) => f.vsPowertools)), 2),
  };
  console.log(
    `\n  bundle ≤ ${budgets.coldstart.bundleKb} KB: ${summary.bundlePass === summary.handlers ? 'pass' : 'miss'} (${summary.bundlePass}/${summary.handlers}, largest ${summary.largestKb} KB)` +
      `\n  init ≤ ${budgets.coldstart.initRatio}×: ${summary.initPass === summary.handlers ? 'pass' : 'miss'} (${summary.initPass}/${summary.handlers}, worst ${summary.worstRatio}×)` +
      `\n  against the Powertools-style handler: median ${summary.medianVsPowertools}× its init`,
  );
  const misses = figures.filter((f) => f.budget === 'miss');
  const why = misses.map((miss) => ({ name: miss.name, biggest: topContributors(functions[miss.name as keyof typeof functions].entry) }));
  if (why.length) {
    console.log('\n  Why the misses (largest contributors to each bundle, KB):');
    for (const { name, biggest } of why) console.log(`    ${name}: ${biggest.map(([pkg, kb]) => `${pkg} ${kb}`).join(', ')}`);
  }
  appendResults('coldstart', {
    runs,
    baselineMs: round(baseline, 2),
    powertoolsMs: round(peer, 2),
    summary,
    handlers: figures.map(({ file: _file, ...row }) => row),
    misses: why,
  });
}

/**
 * Milliseconds to import and initialise the bundle, measured inside a fresh process: the CPU time
 * the process spent on it (user + system, every thread: V8 compiles on background threads), not
 * the wall time. On a machine shared with other builds the wall time of the same import varies
 * threefold between runs (the baseline measured 55 to 192 ms in one afternoon); the CPU time is
 * what the import costs, and on Lambda, where a 256 MB function gets a fraction of a vCPU, it is
 * what the cold start waits for.
 */
function importTime(target: Target): number {
  const script = `const c = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(target.file).href)}); const u = process.cpuUsage(c); process.stdout.write(String((u.user + u.system) / 1000));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...target.env }, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${target.name} failed to initialise:\n${child.stderr}`);
  return Number(child.stdout);
}

const dynamoDbBaseline = '(baseline) one DynamoDB client';
const powertoolsBaseline = '(baseline) Powertools-style handler';

/**
 * The peer, written the idiomatic Powertools way (as in Powertools' examples/app): module-level
 * logger, metrics and tracer, a traced DocumentClient, middy with the three middlewares, one Get.
 */
const powertoolsStyleHandler = `
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
const logger = new Logger();
const metrics = new Metrics();
const tracer = new Tracer();
const documentClient = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
export const handler = middy(async (event) => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id: event.pathParameters.id } }));
  metrics.addMetric('Read', MetricUnit.Count, 1);
  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? {}) };
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
`;

/**
 * The Lambda options without our replacements (`alias`) and in one file (no code splitting),
 * unless told otherwise: how an idiomatic app builds (CDK's NodejsFunction writes one file). Split,
 * the baselines would defer the SDK's default credential chain (220 KB its providers load with
 * `import()`) past init, to the first request that needs credentials, and so look cheaper than
 * they start. Ours defer only what some requests need (lib/bundling.ts), shown apart as lazyKb;
 * their credentials come from the environment provider, loaded at init.
 */
function buildBaseline(name: string, source: string, options: Readonly<BuildOptions> = stockBuildOptions()): { file: string; weight: BundleWeight } {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, source);
  const { metafile } = buildSync({ ...options, entryPoints: [entry], outdir: dir, nodePaths: [join(repoRoot, 'node_modules')], metafile: true });
  return { file: join(dir, 'index.mjs'), weight: initialLoad(metafile) };
}

function stockBuildOptions(): BuildOptions {
  const { alias: _ours, splitting: _split, chunkNames: _chunks, ...stock } = lambdaBuildOptions;
  return stock;
}

/** The five packages that weigh most in what a bundle loads at cold start, from esbuild's metafile. */
function topContributors(entry: string): [string, number][] {
  const { metafile } = buildSync({
    ...lambdaBuildOptions,
    entryPoints: [join(repoRoot, entry)],
    write: false,
    outdir: join(tmpdir(), 'bench-meta'),
    metafile: true,
  });
  const byPackage = new Map<string, number>();
  const atInit = new Set(initialLoad(metafile as Metafile).initialInputs);
  for (const output of Object.values((metafile as Metafile).outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (!atInit.has(path)) continue;
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
