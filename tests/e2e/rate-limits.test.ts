import { request } from 'node:http';
import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { windowOf } from '../../functions/domain/rate-limits';
import { tables } from '../../functions/definition/table';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, type ApiResponse, startTestRuntime } from '../helpers/runtime';

// Small limits, so a test spends them in a few requests; a minute-long window, so it rarely
// ends mid-test (inOneWindow runs a test again, with fresh callers, when it does).
const rateLimits = { windowSeconds: 60, public: 3, roles: { customer: 4 } };

describe('Per-caller rate limits', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let db: DynamoDBDocumentClient;

  beforeAll(async () => {
    runtime = await startTestRuntime({ rateLimits });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    db = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(runtime.endpoints.dynamodb)));
  });
  afterAll(async () => {
    db?.destroy();
    await runtime?.stop();
  });

  const newCustomer = async () => {
    const recorded = await api.post('/interactions', { channel: 'app', direction: 'inbound', customer: { email: `rl-${Math.random()}@example.com` } }, agent);
    expect(recorded.status).toBe(201);
    const customerId: string = recorded.body.customerId;
    return { customerId, token: await runtime.token('customer', customerId) };
  };

  const counter = (kind: string, id: string, windowStart: Date) =>
    db.send(new GetCommand({ TableName: runtime.names.dataTable, Key: keys.rateWindow(kind, id, windowStart), ConsistentRead: true })).then((r) => r.Item);

  it('refuses an abusive customer with 429 rate-limited and Retry-After, while another customer and an agent are served in the same window', async () => {
    await inOneWindow(async (window) => {
      // Prepare
      const abusive = await newCustomer();
      const other = await newCustomer();

      // Act: the abusive customer spends its 4 requests, on two routes, then keeps going.
      const spent = [
        await api.get(`/customers/${abusive.customerId}`, abusive.token),
        await api.get(`/customers/${abusive.customerId}/timeline`, abusive.token),
        await api.get(`/customers/${abusive.customerId}`, abusive.token),
        await api.get(`/customers/${abusive.customerId}/preferences`, abusive.token),
      ];
      const refused = await api.get(`/customers/${abusive.customerId}`, abusive.token);
      const refusedWrite = await api.post(
        '/interactions',
        { channel: 'app', direction: 'inbound', customer: { customerId: abusive.customerId }, text: 'again' },
        abusive.token,
      );
      // A second token of the same customer shares the allowance.
      const secondToken = await api.get(`/customers/${abusive.customerId}`, await runtime.token('customer', abusive.customerId));
      const otherCustomer = await api.get(`/customers/${other.customerId}`, other.token);
      const agentCalls = await Promise.all(Array.from({ length: 6 }, () => api.get(`/customers/${abusive.customerId}/timeline`, agent)));

      // Assess
      expect(spent.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      for (const response of [refused, refusedWrite, secondToken]) expectRateLimited(response, window);
      expect(refused.body).toMatchObject({ type: 'urn:support:problem:rate-limited', status: 429, instance: `/customers/${abusive.customerId}` });
      expect(otherCustomer.status).toBe(200);
      expect(agentCalls.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      // The refused write ran nothing: the timeline holds the first contact only.
      expect(agentCalls[0]!.body.items.filter((item: { type: string }) => item.type === 'interaction')).toHaveLength(1);
      // Staff are not counted at all (the stage throttle bounds them).
      expect(await counter('agent', 'dev-agent', window.start)).toBeUndefined();
    });
  });

  it('keeps one counter item per caller and window, at the limit, with the window end as its TTL', async () => {
    await inOneWindow(async (window) => {
      // Prepare
      const customer = await newCustomer();

      // Act
      for (let i = 0; i < 6; i++) await api.get(`/customers/${customer.customerId}`, customer.token);
      const item = await counter('customer', customer.customerId, window.start);
      const ttl = await db.send(new DescribeTimeToLiveCommand({ TableName: runtime.names.dataTable }));

      // Assess: refused requests do not add to the count; the item expires when its window ends.
      expect(item).toMatchObject({ requests: 4, type: 'rateWindow', expiresAt: window.end.getTime() / 1000 });
      expect(tables.data.timeToLiveAttribute).toBe('expiresAt');
      expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    });
  });

  it('limits public routes per source address: one address is refused while another is served', async () => {
    await inOneWindow(async (window, attempt) => {
      // Two loopback addresses stand for two callers on the internet (Linux routes all of 127/8 to lo).
      const abusive = `127.0.${attempt + 1}.2`;
      const other = `127.0.${attempt + 1}.3`;

      // Act
      const spent = [await getFrom(abusive, '/health'), await getFrom(abusive, '/openapi.json'), await getFrom(abusive, '/health')];
      const refused = await getFrom(abusive, '/health');
      const otherAddress = await getFrom(other, '/health');
      const item = await counter('public', abusive, window.start);

      // Assess
      expect(spent.map((r) => r.status)).toEqual([200, 200, 200]);
      expectRateLimited(refused, window);
      expect(otherAddress.status).toBe(200);
      expect(item).toMatchObject({ requests: 3, expiresAt: window.end.getTime() / 1000 });
    });
  });

  it('counts the public self-care search per source address, like every public route', async () => {
    await inOneWindow(async (window, attempt) => {
      const visitor = `127.0.${attempt + 1}.4`;
      const search = '/selfcare/search?locale=fr&q=box';

      const spent = [await getFrom(visitor, search), await getFrom(visitor, search), await getFrom(visitor, '/articles?locale=fr')];
      const refused = await getFrom(visitor, search);

      expect(spent.map((r) => r.status)).toEqual([200, 200, 200]);
      expectRateLimited(refused, window);
      expect(await counter('public', visitor, window.start)).toMatchObject({ requests: 3 });
    });
  });

  /** GET over a socket bound to `localAddress`, so the gateway sees that source address. */
  function getFrom(localAddress: string, path: string): Promise<ApiResponse> {
    const { port } = new URL(runtime.url);
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, localAddress, method: 'GET' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), body: text ? JSON.parse(text) : undefined }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }
});

function expectRateLimited(response: ApiResponse, window: { start: Date; end: Date }): void {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: 'urn:support:problem:rate-limited', title: 'Too many requests from this caller', status: 429 });
  // Retry-After: whole seconds until the window ends, within the window's length.
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual((window.end.getTime() - window.start.getTime()) / 1000);
}

/**
 * Runs `test` inside one counting window: when a window ends while it runs (its counts were
 * split across two windows), it runs again, with fresh callers, in the next one.
 */
async function inOneWindow(test: (window: { start: Date; end: Date }, attempt: number) => Promise<void>): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const window = windowOf(new Date(), rateLimits.windowSeconds);
    try {
      await test(window, attempt);
      return;
    } catch (error) {
      if (windowOf(new Date(), rateLimits.windowSeconds).start.getTime() === window.start.getTime()) throw error;
    }
  }
  throw new Error('three windows ended mid-test');
}
