import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventBridgePublisher } from '../../functions/adapters/eventbridge/event-publisher';
import type { RefusedEvent } from '../../functions/domain/outbox-event';
import { type RelayContext, relay } from '../../functions/relay/relay';

// PutEvents partial failures (FailedEntryCount) cannot be provoked on a real bus: an SDK mock
// injects them here. The end-to-end outage test runs against the local bus instead.
const eventBridge = mockClient(EventBridgeClient);
const publish = eventBridgePublisher(new EventBridgeClient({ region: 'eu-west-3' }));
const refused: RefusedEvent[] = [];
const context: RelayContext = { busName: 'support-test', clientId: 'test', refuse: async (events) => void refused.push(...events) };

function outbox(eventId: string) {
  return {
    eventId,
    source: 'support.interactions',
    eventType: 'InteractionRecorded.v1',
    occurredAt: '2026-11-22T10:00:00.000Z',
    correlationId: 'corr-1',
    data: { n: eventId },
  };
}

function record(sequence: number, options: { eventId?: string; oldEventId?: string; eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' } = {}): DynamoDBRecord {
  const image = (eventId?: string) => (eventId ? (marshall({ pk: 'X', outbox: outbox(eventId) }) as never) : (marshall({ pk: 'X' }) as never));
  return {
    eventName: options.eventName ?? 'INSERT',
    dynamodb: {
      SequenceNumber: String(1000 + sequence),
      Keys: marshall({ pk: `ITEM#${sequence}`, sk: 'ITEM' }) as never,
      NewImage: image(options.eventId ?? `evt_${sequence}`),
      ...(options.oldEventId ? { OldImage: image(options.oldEventId) } : {}),
    },
  };
}

const okResult = (count: number) => ({ FailedEntryCount: 0, Entries: Array.from({ length: count }, (_, i) => ({ EventId: `id-${i}` })) });

describe('Function: relay', () => {
  beforeEach(() => {
    eventBridge.reset();
    refused.length = 0;
  });

  it('publishes every new outbox event in order, at most 10 per PutEvents call, with the envelope', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).callsFake((input) => okResult(input.Entries.length));
    const records = Array.from({ length: 23 }, (_, i) => record(i));

    // Act
    const report = await relay(records, publish, context);

    // Assess
    const calls = eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(report).toEqual({ published: 23, refused: 0, failed: 0, response: { batchItemFailures: [] } });
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
      [
        record(1, { eventName: 'MODIFY', eventId: 'evt_same', oldEventId: 'evt_same' }),
        record(2, { eventName: 'REMOVE' }),
        record(3, { eventName: 'MODIFY', eventId: 'evt_new', oldEventId: 'evt_old' }),
      ],
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
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce(okResult(10))
      .rejectsOnce(Object.assign(new Error('connect ECONNREFUSED'), { name: 'NetworkingError' }));

    const report = await relay(
      Array.from({ length: 15 }, (_, i) => record(i)),
      publish,
      context,
    );

    expect(report.response.batchItemFailures).toEqual([{ itemIdentifier: '1010' }]);
    expect(report.failed).toBe(5);
  });
  it('sends an entry the bus refuses for good (malformed detail) to the failure queue with its keys, and publishes the records after it', async () => {
    // Prepare: the first call refuses its 3rd entry (record 2) for good.
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: Array.from({ length: 10 }, (_, i) =>
          i === 2 ? { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } : { EventId: `id-${i}` },
        ),
      })
      .callsFake((input) => okResult(input.Entries.length));
    const records = Array.from({ length: 12 }, (_, i) => record(i));

    // Act
    const report = await relay(records, publish, context);

    // Assess: nothing left to retry; the refused one is described in the failure queue.
    expect(report).toEqual({ published: 11, refused: 1, failed: 0, response: { batchItemFailures: [] } });
    expect(refused).toEqual([
      expect.objectContaining({
        kind: 'EventRefused',
        errorCode: 'MalformedDetail',
        eventId: 'evt_2',
        eventType: 'InteractionRecorded.v1',
        keys: { pk: 'ITEM#2', sk: 'ITEM' },
        sequenceNumber: '1002',
      }),
    ]);
    expect(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries!.length)).toEqual([10, 2]);
  });

  it('keeps each call under 256 KB, and sends an event too large for any call to the failure queue (ValidationException), publishing the others', async () => {
    // Prepare: EventBridge refuses a whole call over 256 KB.
    eventBridge.on(PutEventsCommand).callsFake((input) => {
      const bytes = input.Entries.reduce((total: number, entry: { Detail: string }) => total + entry.Detail.length, 0);
      if (bytes > 256 * 1024) throw Object.assign(new Error('Total size of the entries in the request is over the limit.'), { name: 'ValidationException' });
      return okResult(input.Entries.length);
    });
    const big = (sequence: number, kb: number) => {
      const r = record(sequence);
      r.dynamodb!.NewImage = marshall({ pk: 'X', outbox: { ...outbox(`evt_${sequence}`), data: { text: 'x'.repeat(kb * 1024) } } }) as never;
      return r;
    };
    const records = [record(0), big(1, 150), big(2, 150), big(3, 300), record(4)];

    // Act
    const report = await relay(records, publish, context);

    // Assess
    expect(report).toMatchObject({ published: 4, refused: 1, failed: 0, response: { batchItemFailures: [] } });
    expect(refused.map((r) => [r.eventId, r.errorCode])).toEqual([['evt_3', 'ValidationException']]);
  });

  it('retries a transient failure within the invocation until it passes, so the outage costs no Lambda retry', async () => {
    // Prepare: the bus is unreachable twice, then back.
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('connect ECONNREFUSED'), { name: 'NetworkingError' }))
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }, { EventId: 'c' }] })
      .callsFake((input) => okResult(input.Entries.length));
    const delays: number[] = [];

    // Act
    const report = await relay([record(0), record(1), record(2)], publish, {
      ...context,
      retryUntil: Date.now() + 60_000,
      sleep: async (ms) => void delays.push(ms),
    });

    // Assess
    expect(report).toEqual({ published: 3, refused: 0, failed: 0, response: { batchItemFailures: [] } });
    expect(delays).toEqual([500, 1000]);
    expect(refused).toEqual([]);
  });

  it('leaves a transient failure to Lambda once the invocation has no time left for it', async () => {
    eventBridge.on(PutEventsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    let slept = 0;

    const report = await relay([record(0), record(1)], publish, {
      ...context,
      retryUntil: Date.now() + 1_600,
      sleep: async (ms) => {
        slept += ms;
      },
    });

    expect(report.response.batchItemFailures).toEqual([{ itemIdentifier: '1000' }]);
    expect(slept).toBeLessThanOrEqual(1_600);
    expect(refused).toEqual([]);
  });

  it('retries a refused event when the failure queue cannot take it: it is never dropped', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'InvalidArgument', ErrorMessage: 'bad' }, { EventId: 'c' }] });

    const report = await relay([record(0), record(1), record(2)], publish, {
      ...context,
      refuse: async () => {
        throw Object.assign(new Error('queue down'), { name: 'NetworkingError' });
      },
    });

    expect(report.response.batchItemFailures).toEqual([{ itemIdentifier: '1001' }]);
    expect(report).toMatchObject({ published: 1, refused: 0, failed: 2 });
  });

  it('retries, never drops, what a deployment fixes (not authorized, access denied)', async () => {
    eventBridge.on(PutEventsCommand).resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'no' }] });

    const report = await relay([record(0)], publish, context);

    expect(report.response.batchItemFailures).toEqual([{ itemIdentifier: '1000' }]);
    expect(refused).toEqual([]);
  });
});
