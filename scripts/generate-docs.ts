import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedClientTypes } from './docs/api-client';
import { generatedDocs, staleDocs } from './docs/generate';

/** `npm run docs`: writes the OpenAPI document, the event catalog and the API client's types, and removes stale event pages. */
const root = join(import.meta.dirname, '..');
const files = new Map([...generatedDocs(), ...(await generatedClientTypes())]);
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
const stale = staleDocs(root, generatedDocs());
for (const path of stale) rmSync(join(root, path));
console.log(`wrote ${files.size} files${stale.length ? `, removed ${stale.join(', ')}` : ''}`);
