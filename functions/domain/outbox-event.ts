import type * as z from 'zod/mini';
import type { AnyEvent } from './events';
import { newId } from './ids';

/**
 * One event of the catalog, as it happened: the record a use case writes with the change it
 * describes. The stores write it as the `outbox` attribute of the changed item, in the same
 * write; the table stream carries the committed item to the relay (functions/relay/outbox-relay.ts),
 * which publishes it: an accepted write and its event can never be separated, and no extra item
 * or write is paid for.
 */
export interface OutboxEvent {
  eventId: string;
  source: string;
  eventType: string;
  occurredAt: string;
  correlationId: string;
  data: unknown;
}

/**
 * `definition` is the event's constant from its source's module (`case-events.ts`, …), not its
 * name: a function's bundle then carries the schemas of the events it writes, not the catalog's.
 */
export function outboxEvent<E extends AnyEvent>(definition: E, data: z.output<E['data']>, correlationId: string, at = new Date()): OutboxEvent {
  return {
    eventId: newId('event', at.getTime()),
    source: definition.source,
    eventType: definition.detailType,
    occurredAt: at.toISOString(),
    correlationId,
    // Parsing checks at write time that the event matches its published schema.
    data: definition.data.parse(data),
  };
}

/**
 * What the stream failure queue receives for an event the bus refused for good: enough to find
 * the write again (the item's keys, the stream record's sequence number) and to know why.
 */
export interface RefusedEvent {
  kind: 'EventRefused';
  errorCode: string;
  errorMessage: string;
  eventId: string;
  eventType: string;
  /** The item's primary key, as plain values (`{ pk, sk }`). */
  keys: Record<string, unknown>;
  sequenceNumber: string;
  /** The stream record's eventID and the stream it came from. */
  eventID?: string;
  eventSourceARN?: string;
  refusedAt: string;
}
