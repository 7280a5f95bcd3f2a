import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedDocs, staleDocs } from './docs/generate';

/** `npm run docs`: writes the OpenAPI document and the event catalog, and removes stale event pages. */
const root = join(import.meta.dirname, '..');
const files = generatedDocs();
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
const stale = staleDocs(root, files);
for (const path of stale) rmSync(join(root, path));
console.log(`wrote ${files.size} files${stale.length ? `, removed ${stale.join(', ')}` : ''}`);
