import { type EventData, type EventName, events } from '../../domain/events';
import { newId } from '../../domain/ids';

/**
 * The outbox: an event is written as the `outbox` attribute of the item whose change it
 * describes, in the same write. The table stream carries the committed item to the relay
 * (functions/relay/outbox-relay.ts), which publishes it: an accepted write and its event can
 * never be separated, and no extra item or write is paid for.
 */
export interface OutboxEvent {
  eventId: string;
  source: string;
  eventType: string;
  occurredAt: string;
  correlationId: string;
  data: unknown;
}

export function outboxEvent<N extends EventName>(name: N, data: EventData<N>, correlationId: string, at = new Date()): OutboxEvent {
  const definition = events[name];
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
