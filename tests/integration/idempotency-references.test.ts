import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../functions/commons/http/principal';
import { localCredentials, localRegion } from '../../local/aws';
import { createTestTables, dataClients } from '../helpers/local-aws';

type IdempotencyModule = typeof import('../../functions/commons/http/idempotency');
type ClientModule = typeof import('../../functions/adapters/dynamodb/client');
type KeysModule = typeof import('../../functions/adapters/dynamodb/keys');

/**
 * The idempotent wrapper of the HTTP kit (functions/commons/http/idempotency.ts) on DynamoDB
 * Local, with Powertools' real persistence: the stored response of a request made for a customer
 * is referenced under them, by the very id Powertools stored it under, so their erasure finds it.
 */
describe('Function: idempotent (references under the customer, DynamoDB Local)', () => {
  const { endpoint, client, documentClient: testClient } = dataClients();
  let tables: { data: string; idempotency: string };
  let kit: IdempotencyModule;
  let adapters: ClientModule;
  let keys: KeysModule;
  const tag = Math.random().toString(36).slice(2, 8);
  const context = { functionName: 'recordInteraction', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
  const principal = { subject: 'agent-1', roles: ['agent' as const] };
  const eventWith = (key: string) =>
    ({
      headers: { 'idempotency-key': key },
      rawPath: '/interactions',
      requestContext: { requestId: 'r1', http: { method: 'POST', path: '/interactions' }, authorizer: { jwt: { claims: { sub: 'agent-1' }, scopes: [] } } },
    }) as unknown as HttpEvent;
  const referencesOf = async (customerId: string) =>
    (
      await testClient.send(
        new QueryCommand({
          TableName: tables.data,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.keys.customer(customerId).pk, ':prefix': keys.idempotencyReferencePrefix },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];

  beforeAll(async () => {
    tables = await createTestTables();
    // The function's environment, as the stack sets it, before the kit's modules read it.
    Object.assign(process.env, {
      CLIENT_ID: 'test',
      CHANNELS: 'email,chat',
      INTERACTION_RETENTION_DAYS: '30',
      TABLE_NAME: tables.data,
      IDEMPOTENCY_TABLE_NAME: tables.idempotency,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    });
    kit = await import('../../functions/commons/http/idempotency');
    adapters = await import('../../functions/adapters/dynamodb/client');
    keys = await import('../../functions/adapters/dynamodb/keys');
  });
  afterAll(() => client.destroy());

  it('references the stored response under each customer it is about, by the id Powertools stored it under; a replay runs nothing', async () => {
    // Prepare
    const [a, b] = [`cus_a_${tag}`, `cus_b_${tag}`];
    let runs = 0;
    const once = kit.idempotent(async () => {
      runs++;
      return { response: { statusCode: 201, body: JSON.stringify({ text: `said by ${tag}` }) }, customerIds: [a, b, a] };
    });
    const call = () => kit.idempotentCall(eventWith(`k-${tag}`), principal, { body: { text: `said by ${tag}` }, query: undefined });

    // Act
    const first = await once(call(), context);
    const replay = await once(call(), context);

    // Assess: one reference per customer, leading to the record that holds the response.
    expect(first.statusCode).toBe(201);
    expect(replay.headers?.['idempotent-replayed']).toBe('true');
    expect(runs).toBe(1);
    const [ofA, ofB] = [await referencesOf(a), await referencesOf(b)];
    expect(ofA).toHaveLength(1);
    expect(ofB.map((reference) => reference.recordId)).toEqual([ofA[0]!.recordId]);
    const { Item: record } = await testClient.send(new GetCommand({ TableName: tables.idempotency, Key: { id: ofA[0]!.recordId }, ConsistentRead: true }));
    expect(record).toMatchObject({ status: 'COMPLETED' });
    expect(JSON.stringify(record!.data)).toContain(`said by ${tag}`);
    // The reference outlives the record (DynamoDB deletes expired items days late).
    expect(ofA[0]!.recordExpiresAt).toBeGreaterThanOrEqual(record!.expiration - 1);
    expect(ofA[0]!.expiresAt).toBeGreaterThan(record!.expiration);
  });

  it('answers, and keeps the response for retries, when the reference cannot be written (the use case has written already)', async () => {
    // Prepare: the data table refuses the reference (a fault DynamoDB Local cannot produce on demand).
    const refused = mockClient(adapters.documentClient);
    refused.on(PutCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    let runs = 0;
    const once = kit.idempotent(async () => {
      runs++;
      return { response: { statusCode: 201, body: '{}' }, customerIds: [`cus_c_${tag}`] };
    });
    const call = () => kit.idempotentCall(eventWith(`k2-${tag}`), principal, { body: { text: 'x' }, query: undefined });

    // Act
    let first: Awaited<ReturnType<typeof once>>;
    try {
      first = await once(call(), context);
    } finally {
      refused.restore();
    }
    const retry = await once(call(), context);

    // Assess: the request succeeded once; its retry is the stored response, not a second run.
    expect(first.statusCode).toBe(201);
    expect(retry.headers?.['idempotent-replayed']).toBe('true');
    expect(runs).toBe(1);
    expect(await referencesOf(`cus_c_${tag}`)).toEqual([]);
  });
});
