import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefusedEvent } from '../../functions/domain/outbox-event';
import type { LocalRuntime } from '../../local/runtime';
import { dataClients } from '../helpers/local-aws';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * A record whose event the bus can never accept (over EventBridge's 256 KB) must not block the
 * table stream: it ends in the stream failure queue with the item's keys, and the writes after it
 * are published. Real parts: DynamoDB Local's stream, the stream trigger with the declared retry
 * policy, the relay handler, the local bus (which refuses what AWS refuses), the SQS emulator.
 */
describe('Stream failures: an event the bus refuses for good', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  const { documentClient, sqs } = dataClients();
  const logLines: string[] = [];

  const failureMessages = async () => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: runtime.names.streamFailureQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return Messages.map((message) => JSON.parse(message.Body!) as RefusedEvent);
  };

  beforeAll(async () => {
    runtime = await startTestRuntime({}, { log: (line) => logLines.push(line) });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
  });
  afterAll(() => runtime?.stop());

  it('sends it to the failure queue with its keys, once, and publishes the events written after it', async () => {
    // Prepare: a committed write whose outbox event is 300 KB (an item may hold 400 KB).
    const keys = { pk: 'POISON#1', sk: 'POISON' };
    const outbox = {
      eventId: 'evt_too_large',
      source: 'support.test',
      eventType: 'TooLarge.v1',
      occurredAt: new Date().toISOString(),
      correlationId: 'corr-poison',
      data: { text: 'x'.repeat(300 * 1024) },
    };
    await documentClient.send(new PutCommand({ TableName: runtime.names.dataTable, Item: { ...keys, outbox } }));

    // Act: ordinary writes after it.
    const after = await api.post(
      '/interactions',
      { channel: 'chat', direction: 'inbound', customer: { email: `after-poison-${Math.random()}@example.com` }, text: 'box down' },
      agent,
    );
    await runtime.settled();

    // Assess: the later events are on the bus; the refused one is described in the failure queue.
    expect(after.status).toBe(201);
    const published = runtime.events().map((event) => (event.detail as { metadata: { eventId: string } }).metadata.eventId);
    expect(published).not.toContain('evt_too_large');
    expect(
      runtime.events().filter((event) => (event.detail as { data: { interactionId?: string } }).data.interactionId === after.body.interactionId),
    ).toHaveLength(1);
    const messages = await failureMessages();
    expect(messages).toEqual([
      expect.objectContaining({
        kind: 'EventRefused',
        errorCode: 'ValidationException',
        eventId: 'evt_too_large',
        eventType: 'TooLarge.v1',
        keys,
        sequenceNumber: expect.stringMatching(/^\d+$/),
      }),
    ]);
    expect(messages[0]!.eventSourceARN).toContain(runtime.names.dataTable);
  });
});
