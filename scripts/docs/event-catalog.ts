import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { asSchema, type JsonSchema, toJsonSchema } from '../../functions/definition/json-schema';
import { type EventDefinition, EventMetadata, eventSourcePrefix, events } from '../../functions/domain/events';
import { type IdKind, idPrefixes } from '../../functions/domain/ids';
import { code, json, jsonBlock, link, table } from './format';
import { type ExampleValues, exampleOf, type FieldRow, fieldRows } from './schema-reading';

/**
 * The event catalog under docs/events, generated from functions/domain/events.ts: a README (the
 * list, the envelope, delivery and versioning), one page per event and one JSON Schema per
 * event. Consumers on the client's platforms read it; nothing here is written by hand.
 */

export const eventCatalogFolder = 'docs/events';

export type CatalogEvent = EventDefinition & { readonly detailType: string };

/** Every event of the catalog, in declaration order. */
export const catalogEvents: readonly CatalogEvent[] = Object.values(events);

/** What a consumer receives in `detail`. */
export interface EventDetail {
  metadata: EventMetadata;
  data: unknown;
}

/** Path → content of every catalog file. */
export function eventCatalogFiles(): Map<string, string> {
  const files = new Map([[`${eventCatalogFolder}/README.md`, catalogReadme()]]);
  for (const event of catalogEvents) {
    files.set(`${eventCatalogFolder}/${pageFile(event)}`, eventPage(event));
    files.set(`${eventCatalogFolder}/${schemaFile(event)}`, json(eventDetailSchema(event)));
  }
  return files;
}

const pageFile = (event: CatalogEvent) => `${event.detailType}.md`;
const schemaFile = (event: CatalogEvent) => `schemas/${event.detailType}.json`;

/** The JSON Schema (2020-12) of an event's whole `detail`: the platform's metadata and the event's data. */
export function eventDetailSchema(event: CatalogEvent): JsonSchema {
  const detail = z.object({ metadata: EventMetadata, data: event.data });
  const { $schema, ...schema } = toJsonSchema(detail, 'output', `${event.detailType} detail`);
  return { $schema, $id: `urn:support:event:${event.detailType}`, title: `${event.detailType} detail`, description: event.description, ...schema };
}

/** The event as EventBridge delivers it to a rule's target, with illustrative values. */
export function exampleEvent(event: CatalogEvent): EventBridgeEvent<string, EventDetail> {
  const data = asSchema(eventDetailSchema(event).properties?.data);
  return {
    version: '0',
    id: 'b7e4a1f0-3c2d-4e5f-8a9b-0c1d2e3f4a5b',
    'detail-type': event.detailType,
    source: event.source,
    account: '123456789012',
    // The relay sets the entry's Time to the event's occurredAt; EventBridge keeps whole seconds.
    time: exampleTime.replace(/\.\d+Z$/, 'Z'),
    region: 'eu-west-3',
    resources: [],
    detail: {
      metadata: {
        eventId: exampleId('event'),
        eventType: event.detailType,
        occurredAt: exampleTime,
        clientId: 'telco-fibra',
        correlationId: 'web-checkout-7f3a9c',
      },
      data: exampleOf(data, exampleValues),
    },
  };
}

const exampleTime = '2026-11-22T09:30:00.000Z';

/** Ids as the backend makes them (`newId`): a type prefix and a ULID. */
function exampleId(kind: IdKind, ulid = '01JD8X3Q5W7C9E1G3K5M7P9R2T'): string {
  return `${idPrefixes[kind]}_${ulid}`;
}

const exampleValues: ExampleValues = {
  byName: {
    customerId: exampleId('customer'),
    sourceCustomerId: exampleId('customer', '01HZQ4T8V2X6B0D4F8H2K6M0P4'),
    caseId: exampleId('case'),
    interactionId: exampleId('interaction'),
    escalationId: exampleId('escalation'),
    agentId: 'agent-042',
    assigneeId: 'agent-042',
    mergedBy: 'agent-042',
    team: 'network-experts',
    skill: 'network',
    tier: 2,
    textLength: 182,
    version: 2,
  },
  byFormat: { 'date-time': exampleTime },
};

function catalogReadme(): string {
  const rows = catalogEvents.map((event) => [
    event.name,
    String(event.version),
    code(event.source),
    code(event.detailType),
    event.description,
    `${link('page', pageFile(event))} · ${link('schema', schemaFile(event))}`,
  ]);
  const metadata = toJsonSchema(EventMetadata, 'output', 'EventMetadata');
  return `# Event catalog

${generatedNotice}

Every change the API accepts publishes an event on the client's EventBridge bus, \`support-<clientId>\`.
Subscribe with an EventBridge rule on \`source\` and \`detail-type\` (every source starts with
\`${eventSourcePrefix}\`, so one rule can take them all).

${table(['event', 'version', 'source', 'detail-type', 'description', 'docs'], rows)}

## The envelope

An event reaches a rule's target (an SQS queue, a Lambda function, an API destination) in
EventBridge's envelope:

${table(
  ['field', 'what it holds'],
  [
    [code('version'), 'Always `"0"`: EventBridge\'s envelope version, not the event\'s.'],
    [code('id'), "EventBridge's id of this publication. A republished event gets a new one: deduplicate on `detail.metadata.eventId`."],
    [code('detail-type'), 'The event name and its version, e.g. `CaseOpened.v1`.'],
    [code('source'), `Which part of the backend published it, e.g. \`support.cases\`.`],
    [`${code('account')}, ${code('region')}`, "The client stack's AWS account and region."],
    [code('time'), 'When the change happened, to the second (`detail.metadata.occurredAt` has the milliseconds).'],
    [code('resources'), 'Empty.'],
    [code('detail'), '`metadata`, the same on every event, and `data`, the event’s own fields.'],
  ],
)}

### \`detail.metadata\`

${fieldTable(fieldRows(metadata))}

### \`detail.data\`

The event's own fields: see its page, and its JSON Schema (2020-12) of the whole \`detail\` in
[\`schemas/\`](schemas/).

## Delivery: at least once, never lost

- **Published from the committed write.** The event is stored with the write that causes it (the
  outbox: an attribute of the same item, in the same DynamoDB operation). The table stream hands
  each committed write to the outbox relay, which publishes the event. If the bus is unavailable,
  the relay retries from the first unpublished event until it succeeds (for up to the stream's
  24 hours; ops are alerted long before): an accepted write never loses its event, and a refused
  write never publishes one. An event the bus refuses for good (over 256 KB, malformed) is not
  retried: it goes to the stack's stream failure queue with its item's keys, ops replay it after
  a fix (runbook), and the events after it are not held back. The design is described in [the README's architecture section](${architectureDoc}).
- **At least once.** A retry can publish an event twice: keep the \`detail.metadata.eventId\`s you
  have handled and drop repeats.
- **In no guaranteed order.** Use \`detail.metadata.occurredAt\` (and, for cases, \`data.version\`)
  rather than arrival order.
- **No personal data.** Events carry ids and facts, never message texts, emails or phone numbers:
  read the record through the API when you need them.

## Versioning

The version is part of the detail-type (\`CaseUpdated.v1\`). Within a version, changes are additive
only: new optional fields, and new values in lists such as the channels. Ignore fields you do not
know (the JSON Schemas allow them, so a validator built from them keeps working), and handle a
value you do not know as "other".

A breaking change (a field removed, renamed, retyped or made required) is a new version,
\`CaseUpdated.v2\`, with its own page and schema. Both versions are published side by side until
every consumer has moved to the new one.
`;
}

function eventPage(event: CatalogEvent): string {
  const data = asSchema(eventDetailSchema(event).properties?.data);
  return `# ${event.name} v${event.version}

${generatedNotice}

${event.description}

- **source:** \`${event.source}\`
- **detail-type:** \`${event.detailType}\`
- **JSON Schema of \`detail\`:** ${link(schemaFile(event), schemaFile(event))}

## Example

As a rule's target receives it (the values are illustrative):

${jsonBlock(exampleEvent(event))}

## Fields of \`detail.data\`

${fieldTable(fieldRows(data))}

\`detail.metadata\` is the same on every event: see ${link('the envelope', 'README.md#the-envelope')}.

## Subscribe

A rule on the bus \`support-<clientId>\` with this event pattern receives it:

${jsonBlock({ source: [event.source], 'detail-type': [event.detailType] })}

Delivery is at least once: drop duplicates by \`detail.metadata.eventId\`.
`;
}

function fieldTable(rows: readonly FieldRow[]): string {
  return table(
    ['field', 'type', 'required', 'description'],
    rows.map((row) => [code(row.path), row.type, row.required ? 'yes' : 'no', row.description]),
  );
}

const generatedNotice = '> Generated from `functions/domain/events.ts` by `npm run docs`: edit the catalog there, not this file.';

// Written by hand alongside the code; the relay, the stream and the outbox are explained there.
const architectureDoc = '../../README.md#architecture';
