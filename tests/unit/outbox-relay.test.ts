import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventBridgePublisher } from '../../functions/adapters/eventbridge/event-publisher';
import { relay } from '../../functions/relay/relay';

// PutEvents partial failures (FailedEntryCount) cannot be provoked on a real bus: an SDK mock
// injects them here. The end-to-end outage test runs against the local bus instead.
const eventBridge = mockClient(EventBridgeClient);
const publish = eventBridgePublisher(new EventBridgeClient({ region: 'eu-west-3' }));
const context = { busName: 'support-test', clientId: 'test' };

function outbox(eventId: string) {
  return { eventId, source: 'support.interactions', eventType: 'InteractionRecorded.v1', occurredAt: '2026-11-22T10:00:00.000Z', correlationId: 'corr-1', data: { n: eventId } };
}

function record(sequence: number, options: { eventId?: string; oldEventId?: string; eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' } = {}): DynamoDBRecord {
  const image = (eventId?: string) => (eventId ? (marshall({ pk: 'X', outbox: outbox(eventId) }) as never) : (marshall({ pk: 'X' }) as never));
  return {
    eventName: options.eventName ?? 'INSERT',
    dynamodb: {
      SequenceNumber: String(1000 + sequence),
      NewImage: image(options.eventId ?? `evt_${sequence}`),
      ...(options.oldEventId ? { OldImage: image(options.oldEventId) } : {}),
    },
  };
}

const okResult = (count: number) => ({ FailedEntryCount: 0, Entries: Array.from({ length: count }, (_, i) => ({ EventId: `id-${i}` })) });

describe('Function: relay', () => {
  beforeEach(() => eventBridge.reset());

  it('publishes every new outbox event in order, at most 10 per PutEvents call, with the envelope', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).callsFake((input) => okResult(input.Entries.length));
    const records = Array.from({ length: 23 }, (_, i) => record(i));

    // Act
    const report = await relay(records, publish, context);

    // Assess
    const calls = eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(report).toEqual({ published: 23, failed: 0, response: { batchItemFailures: [] } });
    const first = calls[0]![0]!;
    expect(first).toMatchObject({ EventBusName: 'support-test', Source: 'support.interactions', DetailType: 'InteractionRecorded.v1' });
    expect(JSON.parse(first.Detail!)).toEqual({
      metadata: { eventId: 'evt_0', eventType: 'InteractionRecorded.v1', occurredAt: '2026-11-22T10:00:00.000Z', clientId: 'test', correlationId: 'corr-1' },
      data: { n: 'evt_0' },
    });
  });

  it('skips records whose outbox event was already published by an earlier write, and deletes', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input) => okResult(input.Entries.length));

    const report = await relay(
      [record(1, { eventName: 'MODIFY', eventId: 'evt_same', oldEventId: 'evt_same' }), record(2, { eventName: 'REMOVE' }), record(3, { eventName: 'MODIFY', eventId: 'evt_new', oldEventId: 'evt_old' })],
      publish,
      context,
    );

    expect(report.published).toBe(1);
    expect(JSON.parse(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.Detail!).metadata.eventId).toBe('evt_new');
  });

  it('on a partial failure, reports the first refused record and publishes nothing after it', async () => {
    // Prepare: the second call refuses its 4th entry (record 13).
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce(okResult(10))
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: Array.from({ length: 10 }, (_, i) => (i === 3 ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' } : { EventId: `id-${i}` })),
      });
    const records = Array.from({ length: 25 }, (_, i) => record(i));

    // Act
    const report = await relay(records, publish, context);

    // Assess: Lambda retries from record 13 on; no third call was made.
    expect(report.response.batchItemFailures).toEqual([{ itemIdentifier: '1013' }]);
    expect(report.published).toBe(13);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
  });

  it('when the bus is unreachable, reports the first record of the failed call', async () => {
    eventBridge.on(PutEventsCommand).resolvesOnce(okResult(10)).rejectsOnce(Object.assign(new Error('connect ECONNREFUSED'), { name: 'NetworkingError' }));

    const report = await relay(Array.from({ length: 15 }, (_, i) => record(i)), publish, context);

    expect(report.response.batchItemFailures).toEqual([{ itemIdentifier: '1010' }]);
    expect(report.failed).toBe(5);
  });
});
