import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCeilingKb, budgets } from '../../bench/budgets';
import { type FunctionDefinition, functions } from '../../functions/definition/functions';
import { routes } from '../../functions/definition/routes';
import { initialLoad, lambdaBuildOptions, repoRoot } from '../../lib/bundling';
import { createTestTables, dataClients } from '../helpers/local-aws';

/**
 * The bundle guard: every function's bundle built with the real esbuild options (lib/bundling.ts,
 * what `cdk synth` deploys), measured in bytes, not in milliseconds. A change that brings back what
 * the budgets work took out (the X-Ray SDK, the SDK's default credential chain, idempotency in a
 * read) or that grows a bundle past its ceiling in bench/budgets.ts fails here, not in a later run
 * of the benchmark.
 */
interface Bundle {
  name: string;
  /** What a cold start loads (the entry and its static chunks), in KB. */
  sizeKb: number;
  /** The npm packages bundled, lazily loaded chunks included. */
  packages: Set<string>;
  /** The npm packages in what a cold start loads. */
  initialPackages: Set<string>;
  /** The bundled source files, as esbuild names them (node_modules/… paths included). */
  inputs: string[];
}

function bundle(name: string, entry: string, outdir: string): Bundle {
  const { metafile } = buildSync({
    ...lambdaBuildOptions,
    entryPoints: [join(repoRoot, entry)],
    outdir,
    write: false,
    metafile: true,
  });
  const weight = initialLoad(metafile);
  return {
    name,
    sizeKb: weight.initialBytes / 1024,
    packages: packagesOf(Object.keys(metafile.inputs)),
    initialPackages: packagesOf(weight.initialInputs),
    inputs: Object.keys(metafile.inputs),
  };
}

/** The npm packages whose files are among these inputs (by their folder under the last node_modules/). */
function packagesOf(inputs: readonly string[]): Set<string> {
  return new Set(
    inputs
      .filter((path) => path.includes('node_modules/'))
      .map((path) => {
        const [scope, name] = path.split('node_modules/').at(-1)!.split('/');
        return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
      }),
  );
}

describe('Bundle budgets: every Lambda function, bundled as deployed', () => {
  let outdir: string;
  let bundles: Bundle[];
  // The routes that take an Idempotency-Key, and any other function whose access names the
  // idempotency table for Powertools' records (the batch route, for its contacts' own keys; not
  // the erasure worker, which only deletes records: `idempotency: 'erase'`).
  const idempotentFunctions = new Set<string>([
    ...routes.filter((route) => 'idempotent' in route && route.idempotent).map((route) => route.function),
    ...(Object.entries(functions) as [string, FunctionDefinition][])
      .filter(([, fn]) => 'idempotency' in fn.access && fn.access.idempotency === true)
      .map(([name]) => name),
  ]);

  beforeAll(() => {
    // Prepare / Act: one build per function (in memory), as the stack builds them.
    outdir = mkdtempSync(join(tmpdir(), 'support-bundle-budget-'));
    bundles = (Object.entries(functions) as [string, FunctionDefinition][]).map(([name, fn]) => bundle(name, fn.entry, join(outdir, name)));
  }, 240_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('keeps every bundle within its ceiling (bench/budgets.ts)', () => {
    const over = bundles.filter((b) => b.sizeKb > bundleCeilingKb(b.name)).map((b) => `${b.name}: ${b.sizeKb.toFixed(0)} KB > ${bundleCeilingKb(b.name)} KB`);
    expect(over).toEqual([]);
  });

  it('has ceilings no looser than measured: a ceiling may not leave room for more than 20 KB of growth', () => {
    // A ceiling far above its bundle guards nothing; lower it when a bundle shrinks.
    const loose = bundles
      .filter(
        (b) => bundleCeilingKb(b.name) > budgets.coldstart.bundleKb && bundleCeilingKb(b.name) - b.sizeKb > 20 && b.name in budgets.coldstart.bundleCeilingsKb,
      )
      .map((b) => `${b.name}: ${b.sizeKb.toFixed(0)} KB, ceiling ${bundleCeilingKb(b.name)} KB`);
    expect(loose).toEqual([]);
  });

  it('carries neither the X-Ray SDK, the SDK default credential chain (SSO/STS clients) nor the JMESPath engine in any function', () => {
    const heavy = [
      'aws-xray-sdk-core',
      '@aws-lambda-powertools/tracer',
      '@aws-sdk/nested-clients',
      '@aws-sdk/credential-provider-node',
      '@aws-sdk/credential-provider-sso',
      // Powertools idempotency's; the bundles evaluate its field-name expressions with lib/bundle-shims/jmespath.
      '@aws-lambda-powertools/jmespath',
    ];
    const found = bundles.flatMap((b) => heavy.filter((pkg) => b.packages.has(pkg)).map((pkg) => `${b.name}: ${pkg}`));
    expect(found).toEqual([]);
  });

  it("carries neither the SDK's event-stream codecs nor DynamoDB's endpoint-discovery cache (lib/bundle-shims stand in)", () => {
    const discovery = bundles.filter((b) => b.packages.has('@aws-sdk/endpoint-cache') || b.packages.has('mnemonist')).map((b) => b.name);
    expect(discovery).toEqual([]);
    const withCodecs = bundles.filter((b) => b.inputs.some((path) => path.includes('@smithy/core/dist-es/submodules/event-streams/'))).map((b) => b.name);
    expect(withCodecs).toEqual([]);
  });

  it('loads idempotency only in the functions whose access names the idempotency table (routes with an Idempotency-Key, the batch route)', () => {
    const withIdempotency = bundles.filter((b) => b.packages.has('@aws-lambda-powertools/idempotency')).map((b) => b.name);
    expect(withIdempotency.sort()).toEqual([...idempotentFunctions].sort());
    expect(withIdempotency).not.toContain('health');
  });

  it('loads the Secrets Manager client only when a secret is first fetched, and the handover loads SQS only for a callback', () => {
    // Secrets are fetched once per five minutes (functions/adapters/webhooks/signing-secret.ts,
    // privacy/erasure-key.ts); the handover reads the callback queue's depth for a callback only.
    const secretsAtInit = bundles.filter((b) => b.initialPackages.has('@aws-sdk/client-secrets-manager')).map((b) => b.name);
    expect(secretsAtInit).toEqual([]);
    const withSecrets = bundles.filter((b) => b.packages.has('@aws-sdk/client-secrets-manager')).map((b) => b.name);
    expect(withSecrets).toContain('notificationWorker');
    const handover = bundles.find((b) => b.name === 'handoverSelfcareSession')!;
    expect([handover.packages.has('@aws-sdk/client-sqs'), handover.initialPackages.has('@aws-sdk/client-sqs')]).toEqual([true, false]);
  });
});

describe('Shim: environment-only credentials in the bundles', () => {
  let workDir: string;
  let file: string;

  beforeAll(() => {
    // Prepare: a bundle whose handler resolves its DynamoDB client's credentials.
    workDir = mkdtempSync(join(tmpdir(), 'support-env-credentials-'));
    const entry = join(workDir, 'entry.ts');
    writeFileSync(
      entry,
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport const handler = async () => client.config.credentials();\n",
    );
    file = join(workDir, 'index.mjs');
    buildSync({ ...lambdaBuildOptions, entryPoints: [entry], outdir: workDir, nodePaths: [join(repoRoot, 'node_modules')] });
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  function credentialsWith(env: Record<string, string>) {
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)}); try { process.stdout.write(JSON.stringify(await handler())); } catch (e) { process.stdout.write(JSON.stringify({ error: e.name })); }`;
    // HOME points at an empty folder: a credentials file there must not be what answers.
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', HOME: workDir, AWS_REGION: 'eu-west-3', ...env },
      encoding: 'utf8',
    });
    return JSON.parse(child.stdout);
  }

  it('uses the function role credentials that Lambda puts in the environment', () => {
    // Act
    const credentials = credentialsWith({ AWS_ACCESS_KEY_ID: 'AKIDLAMBDA', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });

    // Assess
    expect(credentials).toMatchObject({ accessKeyId: 'AKIDLAMBDA', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  it('looks nowhere else: without them, no profile file, SSO or instance metadata is tried', () => {
    // Prepare: a profile that the default chain would have read.
    writeFileSync(join(workDir, 'credentials'), '[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file\n');

    // Act
    const credentials = credentialsWith({ AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'credentials') });

    // Assess
    expect(credentials).toEqual({ error: 'CredentialsProviderError' });
  });
});

describe('Shims: the SDK without event streams and endpoint discovery', () => {
  let workDir: string;
  let file: string;
  let table: string;

  beforeAll(async () => {
    // Prepare: a bundle (the Lambda options, so with the shims) that writes and reads an item.
    workDir = mkdtempSync(join(tmpdir(), 'support-event-streams-'));
    const entry = join(workDir, 'entry.ts');
    writeFileSync(
      entry,
      [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';",
        'const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.ENDPOINT }));',
        'export const handler = async () => {',
        "  await db.send(new PutCommand({ TableName: process.env.TABLE, Item: { pk: 'shim', sk: 'shim', says: 'hello', count: 2 } }));",
        "  return (await db.send(new GetCommand({ TableName: process.env.TABLE, Key: { pk: 'shim', sk: 'shim' } }))).Item;",
        '};',
        '',
      ].join('\n'),
    );
    file = join(workDir, 'index.mjs');
    buildSync({ ...lambdaBuildOptions, entryPoints: [entry], outdir: workDir, nodePaths: [join(repoRoot, 'node_modules')] });
    table = (await createTestTables()).data;
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('leaves the SDK working: the bundled client writes and reads DynamoDB Local', () => {
    // Act
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(JSON.stringify(await handler()));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: workDir,
        AWS_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        ENDPOINT: dataClients().endpoint,
        TABLE: table,
      },
      encoding: 'utf8',
    });

    // Assess
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ pk: 'shim', sk: 'shim', says: 'hello', count: 2 });
  });
});

describe('The openapi bundle: docs/openapi.json embedded compressed, served as the source serves it', () => {
  let workDir: string;

  beforeAll(() => {
    // Prepare: the function bundled as deployed (the document reaches it through lib/bundling.ts's `define`).
    workDir = mkdtempSync(join(tmpdir(), 'support-openapi-bundle-'));
    buildSync({ ...lambdaBuildOptions, entryPoints: [join(repoRoot, functions.openapi.entry)], outdir: workDir });
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("answers GET /openapi.json with the committed document and the caller's server", () => {
    // Act: the bundle's handler, in a process of its own (its settings are read once per process).
    const event = {
      version: '2.0',
      routeKey: 'GET /openapi.json',
      rawPath: '/openapi.json',
      headers: { 'x-forwarded-proto': 'https' },
      isBase64Encoded: false,
      requestContext: { domainName: 'api.example.com', requestId: 'req-1', http: { method: 'GET', path: '/openapi.json', sourceIp: '203.0.113.7' } },
    };
    const context = { functionName: 'openapi', awsRequestId: 'req-1' };
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(join(workDir, 'index.mjs')).href)}); const response = await handler(${JSON.stringify(event)}, { ...${JSON.stringify(context)}, getRemainingTimeInMillis: () => 3000 }); process.stdout.write('\\n' + JSON.stringify(response));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-3', CLIENT_ID: 'demo', CHANNELS: 'email', INTERACTION_RETENTION_DAYS: '30' },
      encoding: 'utf8',
    });
    const response = JSON.parse(child.stdout.trim().split('\n').at(-1)!);

    // Assess
    const committed = JSON.parse(readFileSync(join(repoRoot, 'docs/openapi.json'), 'utf8'));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ...committed, servers: [{ url: 'https://api.example.com' }] });
  });
});
