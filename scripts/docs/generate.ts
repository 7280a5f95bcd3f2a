import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildOpenApiDocument } from '../../functions/definition/openapi-document';
import { eventCatalogFiles, eventCatalogFolder } from './event-catalog';
import { json } from './format';

/**
 * Everything under docs/ that is generated from code: the OpenAPI document and the event catalog.
 * `npm run docs` writes it; tests/unit/docs-up-to-date.test.ts fails when the committed files
 * differ, so the docs cannot drift from the schemas.
 */
export function generatedDocs(): Map<string, string> {
  return new Map([['docs/openapi.json', json(buildOpenApiDocument())], ...eventCatalogFiles()]);
}

/**
 * Files in the event catalog folder (entirely generated) that the generator no longer writes:
 * the page and schema of an event that was removed or renamed. Paths are relative to `root`.
 */
export function staleDocs(root: string, files: ReadonlyMap<string, string> = generatedDocs()): string[] {
  return readdirSync(join(root, eventCatalogFolder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((path) => !files.has(path))
    .sort();
}
