import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

/** The repository root: handler entries in functions/definition/functions.ts are relative to it. */
export const repoRoot = resolve(import.meta.dirname, '..');

/**
 * docs/openapi.json as the `openapi` function serves it (functions/api/openapi.ts), minified,
 * brotli-compressed and base64-encoded: 24 KB of the bundle instead of 260 KB of JavaScript to
 * parse at each cold start (brotli at its highest quality: 8 KB less than gzip's best). esbuild's
 * synchronous API, which `cdk synth` needs, takes no plugins, so the document reaches the bundle
 * as a `define`d constant rather than through a loader.
 */
function compressedOpenApiDocument(): string {
  const json = JSON.stringify(JSON.parse(readFileSync(join(repoRoot, 'docs', 'openapi.json'), 'utf8')));
  const compressed = brotliCompressSync(json, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(json) },
  });
  return compressed.toString('base64');
}

/**
 * The one esbuild configuration for Lambda bundles. The CDK stack deploys what `bundleFunction`
 * builds with it (no Docker, no NodejsFunction bundling), and the cold-start benchmark bundles
 * with the same options, so what it measures is what runs.
 *
 * Nothing is external: the AWS SDK v3 clients are bundled, so their version is the one in
 * package-lock.json rather than whatever the Lambda runtime ships, and tree shaking keeps only
 * the commands a handler uses. The SDK's default credential chain is the exception (`alias`).
 */
export const lambdaBuildOptions: Readonly<BuildOptions> = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  treeShaking: true,
  // What a handler needs only on some requests (a Secrets Manager secret fetched once per five
  // minutes, the SQS client behind one route's wait estimate) is loaded with `import()`, and
  // esbuild puts it in a chunk of its own: a cold start parses the entry and the chunks it
  // imports statically, not these (`initialLoad` measures that). The entry is always index.mjs.
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // `linked` writes index.mjs.map next to the bundle AND the `//# sourceMappingURL` comment that
  // Node needs to find it (`external` writes the file without the comment, so
  // --enable-source-maps would find nothing). The sources' text is left out of the map: stack
  // traces only need the mappings, and a smaller map is parsed faster at cold start.
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  // Prefer the ESM build of dependencies that ship both: it tree-shakes.
  mainFields: ['module', 'main'],
  // ESM output with CommonJS dependencies inside: give them a `require`.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
  // Lambda gives a function its credentials in the environment: the SDK's default chain (and
  // the SSO/STS clients it carries) is replaced by the environment provider alone. See the shim.
  // Powertools idempotency's JMESPath engine is replaced by a stand-in for the field names our
  // config uses (bundle-shims/jmespath). The SDK's event-stream codecs, which no operation we
  // call uses, are left out (bundle-shims/event-streams.ts), and so is DynamoDB's endpoint-discovery
  // cache, which no command reads (bundle-shims/endpoint-discovery.ts), and the browser user-agent
  // parser that a split build would otherwise ship as a chunk nothing loads (bundle-shims/bowser.ts).
  alias: {
    '@aws-sdk/credential-provider-node': resolve(import.meta.dirname, 'bundle-shims/credential-provider-node.ts'),
    '@aws-lambda-powertools/jmespath': resolve(import.meta.dirname, 'bundle-shims/jmespath'),
    '@smithy/core/event-streams': resolve(import.meta.dirname, 'bundle-shims/event-streams.ts'),
    '@aws-sdk/middleware-endpoint-discovery': resolve(import.meta.dirname, 'bundle-shims/endpoint-discovery.ts'),
    bowser: resolve(import.meta.dirname, 'bundle-shims/bowser.ts'),
  },
  // Only a bundle that names the constant carries it: the `openapi` function's.
  define: { OPENAPI_DOCUMENT_BROTLI_BASE64: JSON.stringify(compressedOpenApiDocument()) },
};

/**
 * The environment a bundle built with `lambdaBuildOptions` expects at run time: Node reads the
 * linked source map, so errors and logged stack traces point at the TypeScript sources.
 */
export const lambdaRuntimeEnvironment = { NODE_OPTIONS: '--enable-source-maps' } as const;

/** What a bundle weighs, in bytes of JavaScript (source maps aside). */
export interface BundleWeight {
  /** What a cold start loads: the entry and every chunk it imports statically, transitively. */
  readonly initialBytes: number;
  /** The chunks only an `import()` reaches: loaded by the first request that needs them. */
  readonly lazyBytes: number;
  /** The source files (esbuild's paths, node_modules/… included) in what a cold start loads. */
  readonly initialInputs: readonly string[];
}

/** The weight of a single-entry build, from its esbuild metafile. */
export function initialLoad(metafile: Metafile): BundleWeight {
  const outputs = Object.entries(metafile.outputs).filter(([path]) => !path.endsWith('.map'));
  const entry = outputs.find(([, output]) => output.entryPoint);
  if (!entry) throw new Error('initialLoad: the build has no entry point');
  const loaded = new Set<string>();
  const pending = [entry[0]];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (loaded.has(path)) continue;
    loaded.add(path);
    for (const imported of metafile.outputs[path]!.imports) if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
  }
  const bytesOf = (filter: (path: string) => boolean) => outputs.filter(([path]) => filter(path)).reduce((sum, [, output]) => sum + output.bytes, 0);
  return {
    initialBytes: bytesOf((path) => loaded.has(path)),
    lazyBytes: bytesOf((path) => !loaded.has(path)),
    initialInputs: [...new Set([...loaded].flatMap((path) => Object.keys(metafile.outputs[path]!.inputs)))],
  };
}

const built = new Map<string, BundleWeight>();

/**
 * Bundles a handler entry (relative to the repository root, or absolute) into
 * `.build/functions/<name>-<hash>/index.mjs` (+ `index.mjs.map`, + `chunks/` for what it loads
 * lazily) and returns that folder, for
 * `lambda.Code.fromAsset`. Built once per process and output folder: every client stack, and
 * every function that shares an entry, deploys the same asset.
 *
 * @example
 * const code = lambda.Code.fromAsset(bundleFunction('functions/api/health.ts'));
 */
export function bundleFunction(entry: string, outRoot = join(repoRoot, '.build', 'functions')): string {
  const name = `${basename(entry, '.ts')}-${createHash('sha256').update(entry).digest('hex').slice(0, 8)}`;
  const outdir = join(outRoot, name);
  if (built.has(outdir)) return outdir;
  mkdirSync(outdir, { recursive: true });
  const { metafile } = buildSync({ ...lambdaBuildOptions, entryPoints: [resolve(repoRoot, entry)], outdir, metafile: true });
  built.set(outdir, initialLoad(metafile));
  return outdir;
}

/** The weight of a bundle `bundleFunction` built in this process (the folder it returned). */
export function bundleWeight(outdir: string): BundleWeight {
  const weight = built.get(outdir);
  if (!weight) throw new Error(`bundleWeight: ${outdir} was not built by bundleFunction in this process`);
  return weight;
}
