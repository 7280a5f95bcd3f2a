import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { events } from '../../functions/domain/events';
import { generatedDocs } from '../../scripts/docs/generate';

const root = join(import.meta.dirname, '../..');

describe('Docs: generated from the code, committed, and current', () => {
  const files = generatedDocs();

  it.each([...files.keys()])('%s matches what `npm run docs` generates now', (path) => {
    const committed = existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '(missing)';

    expect(committed, `${path} is stale: run \`npm run docs\` and commit the result`).toBe(files.get(path));
  });

  it('has a page and a schema for every event, and none for events that no longer exist', () => {
    const pages = readdirSync(join(root, 'docs/events')).filter((name) => name.endsWith('.md') && name !== 'README.md');
    const schemas = readdirSync(join(root, 'docs/events/schemas'));
    const detailTypes = Object.values(events).map((e) => e.detailType).sort();

    expect(pages.map((p) => p.replace(/\.md$/, '')).sort()).toEqual(detailTypes);
    expect(schemas.map((s) => s.replace(/\.json$/, '')).sort()).toEqual(detailTypes);
  });
});
