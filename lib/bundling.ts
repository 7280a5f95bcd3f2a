import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';

/**
 * The one esbuild configuration for Lambda bundles. The CDK stack deploys what `bundleFunction`
 * builds (no Docker, no NodejsFunction bundling), and the cold-start benchmark measures bundles
 * built with the same options.
 */
export const repoRoot = resolve(import.meta.dirname, '..');

export const lambdaBuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: 'external',
  treeShaking: true,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  // ESM output with CommonJS dependencies inside: give them a `require`.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
};

const built = new Map<string, string>();

/**
 * Bundles a handler entry (relative to the repository root) into `.build/functions/<name>/index.mjs`
 * and returns that folder, for `lambda.Code.fromAsset`. Built once per process: every client
 * stack deploys the same code.
 */
export function bundleFunction(entry: string, outRoot = join(repoRoot, '.build', 'functions')): string {
  const cached = built.get(entry);
  if (cached) return cached;
  const name = `${basename(entry, '.ts')}-${createHash('sha256').update(entry).digest('hex').slice(0, 8)}`;
  const outdir = join(outRoot, name);
  mkdirSync(outdir, { recursive: true });
  buildSync({ ...lambdaBuildOptions, entryPoints: [join(repoRoot, entry)], outfile: join(outdir, 'index.mjs') });
  built.set(entry, outdir);
  return outdir;
}
