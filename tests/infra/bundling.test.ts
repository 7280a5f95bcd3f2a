import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, bundleWeight, lambdaBuildOptions, lambdaRuntimeEnvironment, repoRoot } from '../../lib/bundling';

describe('Function: bundleFunction', () => {
  let workDir: string;
  let entry: string;
  let outRoot: string;
  let outdir: string;

  beforeAll(() => {
    // Prepare: a handler that throws two frames deep, so its stack trace has a line to map back.
    workDir = mkdtempSync(join(tmpdir(), 'support-bundling-'));
    entry = join(workDir, 'boom.ts');
    writeFileSync(
      entry,
      [
        "export const handler = async (): Promise<never> => fail('boom');",
        '',
        'function fail(message: string): never {',
        '  throw new Error(message);',
        '}',
        '',
      ].join('\n'),
    );
    outRoot = join(workDir, 'out');

    // Act
    outdir = bundleFunction(entry, outRoot);
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('writes an ES module and its source map, linked, into the folder it returns', () => {
    const bundle = readFileSync(join(outdir, 'index.mjs'), 'utf8');
    expect(existsSync(join(outdir, 'index.mjs.map'))).toBe(true);
    expect(bundle.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    expect(bundle).toMatch(/export\s*\{.*as handler\s*\}/);
    // CommonJS dependencies inside an ES module get a `require`.
    expect(bundle.startsWith("import { createRequire as __createRequire } from 'node:module'")).toBe(true);
  });

  it('maps a stack trace back to the TypeScript source when Node runs with the runtime environment', () => {
    // Act
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', 'const { handler } = await import(process.argv[1]); await handler();', pathToFileURL(join(outdir, 'index.mjs')).href],
      {
        env: { ...process.env, ...lambdaRuntimeEnvironment },
        encoding: 'utf8',
      },
    );

    // Assess
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/boom\.ts:4/);
  });

  it('builds an entry once per process: the next stack reuses the asset', () => {
    // Prepare
    const before = statSync(join(outdir, 'index.mjs')).mtimeMs;

    // Act
    const again = bundleFunction(entry, outRoot);

    // Assess
    expect(again).toBe(outdir);
    expect(statSync(join(again, 'index.mjs')).mtimeMs).toBe(before);
  });
});

describe('Function: bundleFunction, with a module loaded on first use', () => {
  let workDir: string;
  let outdir: string;

  beforeAll(() => {
    // Prepare: a handler that needs a heavy module on some requests only, and imports it then.
    workDir = mkdtempSync(join(tmpdir(), 'support-bundling-lazy-'));
    writeFileSync(join(workDir, 'heavy.ts'), `export const table = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `heavy-entry-${i}`))};\n`);
    writeFileSync(
      join(workDir, 'lazy.ts'),
      "export const handler = async (event: { needsTable?: boolean }) => (event.needsTable ? (await import('./heavy')).table.length : 0);\n",
    );

    // Act
    outdir = bundleFunction(join(workDir, 'lazy.ts'), join(workDir, 'out'));
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('leaves the lazily loaded module out of what a cold start loads, and counts it apart', () => {
    const weight = bundleWeight(outdir);
    expect(readFileSync(join(outdir, 'index.mjs'), 'utf8')).not.toContain('heavy-entry-1999');
    expect(weight.lazyBytes).toBeGreaterThan(2000 * 'heavy-entry-0000'.length);
    expect(weight.initialBytes).toBeLessThan(2000);
    expect(weight.initialInputs.some((input) => input.endsWith('heavy.ts'))).toBe(false);
  });

  it('loads it from its chunk when a request needs it', () => {
    // Act
    const script =
      'const { handler } = await import(process.argv[1]); process.stdout.write(JSON.stringify([await handler({}), await handler({ needsTable: true })]));';
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(join(outdir, 'index.mjs')).href], { encoding: 'utf8' });

    // Assess
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([0, 2000]);
  });
});

describe('Const: lambdaBuildOptions', () => {
  it('targets Node 24 ESM, minified and tree-shaken, with linked source maps', () => {
    expect(lambdaBuildOptions).toMatchObject({
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      minify: true,
      treeShaking: true,
      sourcemap: 'linked',
      mainFields: ['module', 'main'],
    });
    expect(lambdaBuildOptions.external).toBeUndefined();
    expect(lambdaRuntimeEnvironment.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it('bundles the AWS SDK (nothing external but Node built-ins)', () => {
    // Act
    const { metafile } = buildSync({
      ...lambdaBuildOptions,
      stdin: {
        contents: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const handler = async () => new DynamoDBClient({}).config.region();",
        resolveDir: repoRoot,
        loader: 'ts',
      },
      outdir: join(tmpdir(), 'support-bundling-sdk'),
      write: false,
      metafile: true,
    });

    // Assess
    const external = Object.values(metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    expect(external.filter((path) => !builtins.has(path))).toEqual([]);
    expect(Object.keys(metafile.inputs).some((input) => input.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
  });
});
