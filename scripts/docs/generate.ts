import * as z from 'zod';
import { buildOpenApiDocument } from '../../functions/api/openapi-document';
import { type EventDefinition, EventMetadata, eventSourcePrefix, events } from '../../functions/domain/events';

/**
 * Everything under docs/ that is generated from code: the OpenAPI document and the event
 * catalog (a README, a page and a JSON Schema per event). `npm run docs` writes it; a test
 * fails when the committed files differ, so the docs cannot drift from the schemas.
 */
export function generatedDocs(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('docs/openapi.json', json(buildOpenApiDocument()));
  const definitions = Object.values(events) as (EventDefinition & { detailType: string })[];
  files.set('docs/events/README.md', catalogReadme(definitions));
  for (const event of definitions) {
    files.set(`docs/events/${event.detailType}.md`, eventPage(event));
    files.set(`docs/events/schemas/${event.detailType}.json`, json(detailSchema(event)));
  }
  return files;
}

/** The JSON Schema of an event's `detail`: the platform's metadata and the event's data. */
export function detailSchema(event: EventDefinition & { detailType: string }): Record<string, unknown> {
  const detail = z.object({ metadata: EventMetadata, data: event.data });
  const schema = z.toJSONSchema(detail, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: `urn:support:event:${event.detailType}`, title: `${event.detailType} detail`, description: event.description };
}

function catalogReadme(definitions: readonly (EventDefinition & { detailType: string })[]): string {
  const rows = definitions.map((e) => `| [${e.name}](${e.detailType}.md) | ${e.version} | \`${e.source}\` | \`${e.detailType}\` | ${e.description} |`);
  return `# Event catalog

Generated from \`functions/domain/events.ts\` by \`npm run docs\`; do not edit by hand.

Every change the backend accepts publishes an event on the client's EventBridge bus
(\`support-<clientId>\`). Sources all start with \`${eventSourcePrefix}\`, so one rule can match them all.

| event | version | source | detail-type | what happened |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

## The envelope

An event arrives as EventBridge delivers it: \`version\`, \`id\`, \`detail-type\`, \`source\`,
\`account\`, \`time\`, \`region\`, \`resources\` and \`detail\`. The \`detail\` is always:

\`\`\`json
{
  "metadata": {
    "eventId": "evt_01J…",
    "eventType": "InteractionRecorded.v1",
    "occurredAt": "2026-11-22T09:30:00.000Z",
    "clientId": "telco-fibra",
    "correlationId": "the x-correlation-id of the HTTP request that caused it"
  },
  "data": { "…": "the event's own fields, below" }
}
\`\`\`

## Delivery

- **From the committed write.** An event is stored with the write that causes it (an \`outbox\`
  attribute on the same item, in the same DynamoDB operation). The table stream hands committed
  writes to the outbox relay, which publishes them in order, at most 10 per PutEvents call. If
  the bus is unavailable, the relay retries from the first unpublished event until it succeeds
  (up to the stream's 24 h retention), so an accepted write never loses its event.
- **At least once.** A retry may publish an event twice: drop duplicates by
  \`detail.metadata.eventId\`.
- **No personal data.** Events carry ids and facts, never message texts, emails or phone
  numbers; read the record through the API when you need them.

## Versioning

The version is part of the name (\`CaseUpdated.v1\`). Within a version, changes are additive
(new optional fields): ignore fields you do not know. A breaking change is a new version,
published alongside the old one until every consumer has moved.
`;
}

function eventPage(event: EventDefinition & { detailType: string }): string {
  const schema = detailSchema(event) as { properties: { data: { properties?: Record<string, Record<string, unknown>>; required?: string[] } } };
  const data = schema.properties.data;
  const rows = Object.entries(data.properties ?? {}).map(
    ([name, field]) => `| \`${name}\` | ${typeOf(field)} | ${(data.required ?? []).includes(name) ? 'yes' : 'no'} | ${String(field.description ?? '').replace(/\n/g, ' ')} |`,
  );
  return `# ${event.name} (v${event.version})

${event.description}

- source: \`${event.source}\`
- detail-type: \`${event.detailType}\`
- JSON Schema of \`detail\`: [schemas/${event.detailType}.json](schemas/${event.detailType}.json)

## \`detail.data\`

| field | type | required | description |
| --- | --- | --- | --- |
${rows.join('\n')}

## Match it

\`\`\`json
${JSON.stringify({ source: [event.source], 'detail-type': [event.detailType] }, null, 2)}
\`\`\`

The envelope and delivery guarantees are in the [catalog](README.md).
`;
}

function typeOf(field: Record<string, unknown>): string {
  if (Array.isArray(field.enum)) return field.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (field.type === 'array') return `array of ${typeOf((field.items ?? {}) as Record<string, unknown>)}`;
  if (Array.isArray(field.anyOf)) return (field.anyOf as Record<string, unknown>[]).map(typeOf).join(' or ');
  if (typeof field.type === 'string') return field.format ? `${field.type} (${String(field.format)})` : field.type;
  return 'object';
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
