import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventMetadata } from '../../functions/domain/events';
import { catalogEvents, eventCatalogFolder, eventDetailSchema, exampleEvent } from '../../scripts/docs/event-catalog';
import { generatedClientTypes } from '../../scripts/docs/api-client';
import { generatedDocs, staleDocs } from '../../scripts/docs/generate';

const root = join(import.meta.dirname, '../..');
const rerun = 'run `npm run docs` and commit the result';
/** The typed API client's types, generated from the same document (openapi-typescript is asynchronous). */
const clientTypes = await generatedClientTypes();

describe('Docs: generated from the code, committed, and current', () => {
  const files = generatedDocs();

  it.each([...files.keys(), ...clientTypes.keys()])('%s matches what `npm run docs` generates now', (path) => {
    const committed = existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '(missing)';

    expect(committed, `${path} is stale: ${rerun}`).toBe(files.get(path) ?? clientTypes.get(path));
  });

  it('has no page or schema left for an event that is no longer in the catalog', () => {
    expect(staleDocs(root, files), `stale files: ${rerun}`).toEqual([]);
  });

  it('has a page, a JSON Schema and a row in the README for every event of the catalog', () => {
    const readme = files.get(`${eventCatalogFolder}/README.md`) ?? '';

    for (const event of catalogEvents) {
      expect(files.has(`${eventCatalogFolder}/${event.detailType}.md`), event.detailType).toBe(true);
      expect(files.has(`${eventCatalogFolder}/schemas/${event.detailType}.json`), event.detailType).toBe(true);
      expect(readme).toContain(`| ${event.name} | ${event.version} | \`${event.source}\` | \`${event.detailType}\` |`);
    }
  });
});

describe('Event catalog', () => {
  it.each(catalogEvents.map((event) => [event.detailType, event] as const))(
    '%s: the example on its page is an event the backend could publish',
    (_name, event) => {
      const example = exampleEvent(event);

      expect(example).toMatchObject({ 'detail-type': event.detailType, source: event.source });
      expect(EventMetadata.parse(example.detail.metadata).eventType).toBe(event.detailType);
      expect(event.data.safeParse(example.detail.data).error).toBeUndefined();
    },
  );

  it.each(catalogEvents.map((event) => [event.detailType, event] as const))(
    '%s: its JSON Schema names itself and describes metadata and data',
    (_name, event) => {
      const schema = eventDetailSchema(event);

      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `urn:support:event:${event.detailType}`,
        title: `${event.detailType} detail`,
        required: ['metadata', 'data'],
      });
      // Additive changes within a version must not break a consumer validating with this schema.
      expect(JSON.stringify(schema)).not.toContain('"additionalProperties":false');
    },
  );
});
