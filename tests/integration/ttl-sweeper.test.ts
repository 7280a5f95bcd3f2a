import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { functions } from '../../functions/definition/functions';
import { newOutboxEvent } from '../../functions/relay/relay';
import { type StreamTrigger, startStreamTrigger } from '../../local/stream-trigger';
import { ttlSweeper } from '../../local/ttl-sweeper';
import { createTestTables, dataClients } from '../helpers/local-aws';

/**
 * The local runtime's TTL sweeper against DynamoDB Local: it deletes what DynamoDB TTL would
 * (the TTL attribute in the past, a number), keeps the rest, and its REMOVE stream records carry
 * the service identity DynamoDB gives TTL deletions, which the relay never publishes.
 */
describe('Function: ttlSweeper', () => {
  const { client, documentClient, endpoint } = dataClients();
  let names: { data: string; idempotency: string };
  let trigger: StreamTrigger | undefined;
  const now = new Date('2026-06-01T12:00:00Z');
  const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

  beforeEach(async () => {
    names = await createTestTables();
  });
  afterEach(async () => {
    await trigger?.stop();
    trigger = undefined;
  });

  it('deletes expired items only, with a condition on the expiry it read, on every declared table', async () => {
    // Prepare: expired, not yet expired, no TTL, a TTL that is not a number; and an idempotency record.
    const put = (table: string, item: Record<string, unknown>) => documentClient.send(new PutCommand({ TableName: table, Item: item }));
    await put(names.data, { pk: 'A', sk: 'expired', expiresAt: epoch(now) - 60 });
    await put(names.data, { pk: 'A', sk: 'alive', expiresAt: epoch(now) + 60 });
    await put(names.data, { pk: 'A', sk: 'kept' });
    await put(names.data, { pk: 'A', sk: 'text', expiresAt: String(epoch(now) - 60) });
    await put(names.idempotency, { id: 'key-1', expiration: epoch(now) - 1 });
    const sweeper = ttlSweeper(client, names);

    // Act
    const deleted = await sweeper.sweep(now);

    // Assess
    expect(deleted).toBe(2);
    const exists = async (table: string, key: Record<string, string>) =>
      (await documentClient.send(new GetCommand({ TableName: table, Key: key }))).Item !== undefined;
    expect(await exists(names.data, { pk: 'A', sk: 'expired' })).toBe(false);
    expect(await exists(names.data, { pk: 'A', sk: 'alive' })).toBe(true);
    expect(await exists(names.data, { pk: 'A', sk: 'kept' })).toBe(true);
    expect(await exists(names.data, { pk: 'A', sk: 'text' })).toBe(true);
    expect(await exists(names.idempotency, { id: 'key-1' })).toBe(false);
    // A minute later, the second item has expired too.
    expect(await sweeper.sweep(new Date(now.getTime() + 61_000))).toBe(1);
  });

  it('marks its REMOVE stream records as service deletions, and the relay publishes nothing for them', async () => {
    // Prepare: an item that carried an event, deleted by TTL; another deleted by a caller.
    const put = (item: Record<string, unknown>) => documentClient.send(new PutCommand({ TableName: names.data, Item: item }));
    await put({ pk: 'B', sk: 'ttl', expiresAt: epoch(now) - 1, outbox: { eventId: 'e-1', eventType: 'InteractionRecorded' } });
    const sweeper = ttlSweeper(client, names);
    const records: DynamoDBRecord[] = [];
    trigger = await startStreamTrigger({
      endpoint,
      tableName: names.data,
      // Every record, not only the relay's: the REMOVE is what is looked at.
      trigger: { ...functions.outboxRelay.trigger, filter: { eventSource: ['aws:dynamodb'] } },
      serviceDeletion: (keys) => sweeper.serviceDeletion(names.data, keys as never),
      handler: async (event) => void records.push(...event.Records),
    });

    // Act
    await sweeper.sweep(now);
    await documentClient.send(new PutCommand({ TableName: names.data, Item: { pk: 'B', sk: 'user' } }));
    await documentClient.send(new DeleteCommand({ TableName: names.data, Key: { pk: 'B', sk: 'user' } }));
    await trigger.idle();

    // Assess
    const removes = records.filter((record) => record.eventName === 'REMOVE');
    expect(removes.map((record) => [record.dynamodb?.Keys?.sk?.S, record.userIdentity])).toEqual([
      ['ttl', { type: 'Service', principalId: 'dynamodb.amazonaws.com' }],
      ['user', undefined],
    ]);
    expect(removes.map((record) => newOutboxEvent(record))).toEqual([undefined, undefined]);
  });
});
