import type { SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { type AnyEvent, type EventData, EventMetadata, type EventName } from '../../domain/events';

/**
 * A queue message that is not what its worker reads: not JSON, not a bus event, an event the
 * worker does not take, or data that fails the event's schema. `field` says where (a dotted path
 * into the body, `(body)` for the body itself) and `reason` what is wrong; neither carries the
 * value, which may be personal data. The worker kit logs and counts it, and reports the message
 * as a batch item failure: it is retried, then reaches the dead-letter queue.
 */
export class MalformedMessage extends Error {
  override readonly name = 'MalformedMessage';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Malformed message: ${field}: ${reason}`);
  }
}

/** An event as EventBridge delivers it to an SQS target (the whole event, not just its detail). */
const BusEnvelope = z.object({
  'detail-type': z.string(),
  source: z.string(),
  time: z.string(),
  detail: z.object({ metadata: EventMetadata, data: z.unknown() }),
});
export type BusEnvelope = z.output<typeof BusEnvelope>;

/** One of the events a worker takes, validated: `name` tells which, and types `data`. */
export type BusEvent<N extends EventName = EventName> = {
  [K in N]: { readonly name: K; readonly data: EventData<K>; readonly metadata: EventMetadata; readonly envelope: BusEnvelope };
}[N];

/** The body of a message, as JSON. */
export function jsonBody(input: SQSRecord | string): unknown {
  try {
    return JSON.parse(typeof input === 'string' ? input : input.body) as unknown;
  } catch {
    throw new MalformedMessage('(body)', 'not JSON');
  }
}

/**
 * Reads a message that must be one of the events `taken` (their constants, from their sources'
 * modules: a worker's bundle then carries only their schemas), as the bus delivered it: the
 * envelope (detail-type, source, metadata) and the event's `data` against its schema in the
 * event catalog (functions/domain/events.ts).
 */
export function parseBusEvent<const E extends AnyEvent>(input: SQSRecord | string, taken: readonly E[]): BusEvent<E['name']> {
  return validateBusEvent(jsonBody(input), taken);
}

/** parseBusEvent for a body already read as JSON (a queue that also carries other messages). */
export function validateBusEvent<const E extends AnyEvent>(body: unknown, taken: readonly E[]): BusEvent<E['name']> {
  const envelope = check(BusEnvelope, body, '');
  const definition = taken.find((candidate) => candidate.detailType === envelope['detail-type']);
  if (!definition) throw new MalformedMessage('detail-type', `not an event this worker takes (${taken.map((event) => event.detailType).join(', ')})`);
  if (envelope.source !== definition.source) throw new MalformedMessage('source', `not ${definition.source}`);
  if (envelope.detail.metadata.eventType !== envelope['detail-type']) throw new MalformedMessage('detail.metadata.eventType', 'differs from detail-type');
  check(definition.data, envelope.detail.data, 'detail.data');
  // The data as it came, not zod's copy: fields a newer producer added (events may gain optional
  // fields) reach the use case, and a webhook, unchanged.
  const source = body as BusEnvelope;
  return { name: definition.name, data: source.detail.data, metadata: source.detail.metadata, envelope: source } as BusEvent<E['name']>;
}

/** A message of the worker's own making (not a bus event), against its schema. */
export function parseMessage<S extends z.ZodMiniType>(input: SQSRecord | string, schema: S): z.output<S> {
  return check(schema, jsonBody(input), '');
}

/** parseMessage for a body already read as JSON. */
export function validateMessage<S extends z.ZodMiniType>(body: unknown, schema: S): z.output<S> {
  return check(schema, body, '');
}

function check<S extends z.ZodMiniType>(schema: S, value: unknown, at: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [...(at ? [at] : []), ...issue.path.map(String)].join('.');
  // zod's messages name what was expected, never the value received.
  throw new MalformedMessage(path || '(body)', issue.message);
}
