import { join } from 'node:path';
import { build } from 'vite';
import { repoRoot } from './paths';

/** The front ends' Vite configs: the screens, then the widget into the same folder (npm start and the browser tests build alike). */
const configFiles = ['web/vite.config.ts', 'web/vite.widget.config.ts'].map((file) => join(repoRoot, file));

/** Builds the front ends once into `outDir` (default web/dist) and returns it. */
export async function buildUi(outDir = join(repoRoot, 'web/dist')): Promise<string> {
  for (const [index, configFile] of configFiles.entries()) {
    await build({ configFile, build: { outDir, emptyOutDir: index === 0 }, logLevel: 'warn' });
  }
  return outDir;
}
