import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Request } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { RateCounter } from '../../functions/adapters/dynamodb/rate-counter';
import type { HttpEvent } from '../../functions/commons/http/principal';
import { HttpProblem } from '../../functions/commons/http/problem';
import { type Limiter, rateLimitMiddleware } from '../../functions/commons/http/rate-limit';
import { metrics } from '../../functions/commons/powertools';
import { type RateLimits, windowOf } from '../../functions/domain/rate-limits';
import { createTestTables, dataClients } from '../helpers/local-aws';

const limits: RateLimits = { windowSeconds: 10, public: 3, roles: { customer: 4 } };
// DynamoDB Local on a shared machine is far slower than DynamoDB: a generous timeout.
const localTimeoutMs = 10_000;
const customer = { subject: 'c-1', roles: ['customer' as const], customerId: 'c-1' };

describe('Class: RateCounter (DynamoDB Local)', () => {
  let table: string;
  const { client, documentClient } = dataClients();
  afterAll(() => client.destroy());
  beforeAll(async () => {
    table = (await createTestTables()).data;
  });

  it('lets exactly `limit` requests of a window through, even when they race', async () => {
    // Prepare
    const counter = new RateCounter(documentClient, table, localTimeoutMs);
    const caller = { kind: 'customer' as const, id: `race-${Math.random()}`, limit: 4 };
    const window = windowOf(new Date('2026-12-01T10:00:03Z'), 10);

    // Act: ten concurrent requests, then one more.
    const raced = await Promise.all(Array.from({ length: 10 }, () => counter.take(caller, window)));
    const after = await counter.take(caller, window);
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: table, Key: keys.rateWindow('customer', caller.id, window.start), ConsistentRead: true }),
    );

    // Assess: the refused ones added nothing; the item expires when its window ends.
    expect(raced.filter(Boolean)).toHaveLength(4);
    expect(after).toBe(false);
    expect(Item).toMatchObject({
      pk: `RATE#customer#${caller.id}#2026-12-01T10:00:00Z`,
      sk: 'RATE',
      requests: 4,
      expiresAt: Date.parse('2026-12-01T10:00:10Z') / 1000,
    });
  });

  it('counts each caller and each window on its own', async () => {
    // Prepare
    const counter = new RateCounter(documentClient, table, localTimeoutMs);
    const one = { kind: 'public' as const, id: `198.51.100.${Math.floor(Math.random() * 250)}`, limit: 1 };
    const other = { ...one, id: `${one.id}0` };
    const window = windowOf(new Date('2026-12-01T10:00:09Z'), 10);
    const next = windowOf(new Date('2026-12-01T10:00:10Z'), 10);

    // Act
    const results = [await counter.take(one, window), await counter.take(one, window), await counter.take(other, window), await counter.take(one, next)];

    // Assess
    expect(results).toEqual([true, false, true, true]);
  });
});

describe('Function: rateLimitMiddleware', () => {
  const addMetric = vi.spyOn(metrics, 'addMetric');
  afterEach(() => addMetric.mockClear());
  const { client, documentClient } = dataClients();
  afterAll(() => client.destroy());

  const before = (limiter: Limiter, at: Date, principal = customer as typeof customer | undefined) =>
    rateLimitMiddleware({ principalOf: () => principal, limiter: () => limiter, now: () => at }).before!(middyRequest());

  it('refuses a caller over its limit with 429 rate-limited and Retry-After: the seconds left in the window', async () => {
    // Prepare: a window that is full; 7.2 s into a 10 s window.
    const limiter: Limiter = { limits, counter: { take: async () => false } };

    // Act
    const refusal = await before(limiter, new Date('2026-12-01T10:00:07.200Z')).catch((error: unknown) => error);

    // Assess
    expect(refusal).toBeInstanceOf(HttpProblem);
    expect(refusal).toMatchObject({ status: 429, slug: 'rate-limited', headers: { 'retry-after': '3' } });
    expect(addMetric).toHaveBeenCalledWith('RateLimited', 'Count', 1);
  });

  it('fails open when the counter cannot be written: a missing table (a real DynamoDB Local error)', async () => {
    // Prepare
    const limiter: Limiter = { limits, counter: new RateCounter(documentClient, 'no-such-table', localTimeoutMs) };

    // Act
    const outcome = await before(limiter, new Date());

    // Assess: served (nothing thrown), and the failure is counted.
    expect(outcome).toBeUndefined();
    expect(addMetric).toHaveBeenCalledWith('RateLimiterFailed', 'Count', 1);
  });

  it('fails open when DynamoDB throttles the counter (which DynamoDB Local cannot do: injected)', async () => {
    // Prepare
    const throttled = DynamoDBDocumentClient.from(dataClients().client);
    const mock = mockClient(throttled);
    mock.on(UpdateCommand).rejects(new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} }));
    const limiter: Limiter = { limits, counter: new RateCounter(throttled, 'any') };

    // Act
    const outcome = await before(limiter, new Date());

    // Assess
    expect(outcome).toBeUndefined();
    expect(addMetric).toHaveBeenCalledWith('RateLimiterFailed', 'Count', 1);
    expect(mock.commandCalls(UpdateCommand)).toHaveLength(1);
    mock.restore();
  });

  it('counts nothing for callers the limits leave out (staff), and nothing without limits', async () => {
    // Prepare
    const take = vi.fn(async () => true);
    const limiter: Limiter = { limits, counter: { take } };

    // Act
    await before(limiter, new Date(), { subject: 'dev-agent', roles: ['agent'] } as unknown as typeof customer);
    await rateLimitMiddleware({ principalOf: () => customer, limiter: () => undefined }).before!(middyRequest());

    // Assess
    expect(take).not.toHaveBeenCalled();
  });
});

function middyRequest(): Request<HttpEvent, APIGatewayProxyStructuredResultV2> {
  const event = { rawPath: '/customers/c-1', requestContext: { requestId: 'r-1', http: { sourceIp: '203.0.113.7' } }, headers: {} } as unknown as HttpEvent;
  return { event, context: {} as never, response: undefined, error: undefined, internal: {} } as unknown as Request<
    HttpEvent,
    APIGatewayProxyStructuredResultV2
  >;
}
