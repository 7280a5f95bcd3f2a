import { type EventData, type EventName, events } from '../../functions/domain/events';
import { newId } from '../../functions/domain/ids';

/** A declared event as EventBridge hands it to a queue (the whole envelope), at `at`, with its own event id unless given. */
export function busEvent<N extends EventName>(name: N, data: EventData<N>, options: { at?: string; eventId?: string; correlationId?: string } = {}) {
  const definition = events[name];
  const at = options.at ?? new Date().toISOString();
  return {
    version: '0',
    id: newId('event'),
    'detail-type': definition.detailType,
    source: definition.source,
    account: '000000000000',
    time: at,
    region: 'eu-west-3',
    resources: [],
    detail: {
      metadata: {
        eventId: options.eventId ?? newId('event'),
        eventType: definition.detailType,
        occurredAt: at,
        clientId: 'demo',
        correlationId: options.correlationId ?? 'test',
      },
      data,
    },
  };
}
