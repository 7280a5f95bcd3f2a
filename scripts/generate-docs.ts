import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedDocs } from './docs/generate';

/** `npm run docs`: writes the OpenAPI document and the event catalog, and removes stale event pages. */
const root = join(import.meta.dirname, '..');
const files = generatedDocs();
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
for (const folder of ['docs/events', 'docs/events/schemas']) {
  for (const name of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${name.name}`;
    if (name.isFile() && !files.has(path)) rmSync(join(root, path));
  }
}
console.log(`wrote ${files.size} files`);
