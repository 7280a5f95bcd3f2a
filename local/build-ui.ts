import { join } from 'node:path';
import { build } from 'vite';
import { repoRoot } from './paths';

/** The front ends' Vite config (web/vite.config.ts), built the same way by npm start and the browser tests. */
const configFile = join(repoRoot, 'web/vite.config.ts');

/** Builds the front ends once into `outDir` (default web/dist) and returns it. */
export async function buildUi(outDir = join(repoRoot, 'web/dist')): Promise<string> {
  await build({ configFile, build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
  return outDir;
}
