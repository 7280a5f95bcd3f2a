import { ScanCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SignJWT, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAudience, localIssuer } from '../../local/dev-tokens';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

const validInteraction = { channel: 'email', direction: 'inbound', customer: { email: 'contract@example.com' }, text: 'Hello' };

describe('HTTP contract: errors, auth, idempotency', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let db: DynamoDBClient;

  // After what earlier requests caused has settled: the KPI consumer writes its counters as their events arrive.
  const itemCount = async () => {
    await runtime.settled();
    return (await db.send(new ScanCommand({ TableName: runtime.names.dataTable, Select: 'COUNT' }))).Count ?? 0;
  };

  beforeAll(async () => {
    runtime = await startTestRuntime({ channels: ['email', 'chat', 'phone'] });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    db = new DynamoDBClient(localAwsClientConfig(runtime.endpoints.dynamodb));
  });
  afterAll(() => runtime?.stop());

  describe('bad input: a problem naming the field, the right status, nothing written', () => {
    const cases: [string, { rawBody?: string; body?: unknown; headers?: Record<string, string> }, number, string[]][] = [
      ['malformed JSON', { rawBody: '{"channel": "email",', headers: { 'content-type': 'application/json' } }, 400, ['(body)']],
      ['wrong types', { body: { ...validInteraction, direction: 42, customer: { email: 7 } } }, 400, ['direction', 'customer.email']],
      ['unknown channel', { body: { ...validInteraction, channel: 'pigeon' } }, 400, ['channel']],
      ['a channel this client does not use', { body: { ...validInteraction, channel: 'sms' } }, 400, ['channel']],
      ['oversized text', { body: { ...validInteraction, text: 'x'.repeat(10_001) } }, 400, ['text']],
      ['no identity', { body: { ...validInteraction, customer: {} } }, 400, ['customer']],
      ['an unknown field', { body: { ...validInteraction, mood: 'angry' } }, 400, ['mood']],
      ['a phone without country code', { body: { ...validInteraction, customer: { phone: '06 12 34 56 78' } } }, 400, ['customer.phone']],
      ['a date in the future', { body: { ...validInteraction, occurredAt: '2099-01-01T00:00:00Z' } }, 400, ['occurredAt']],
      ['an unknown case', { body: { ...validInteraction, caseId: 'case_01JAAAAAAAAAAAAAAAAAAAAAAA' } }, 422, ['caseId']],
      ['an unknown customer id', { body: { ...validInteraction, customer: { customerId: 'cus_nobody' } } }, 422, ['customer.customerId']],
      // Once 500s that left a new profile behind (the marshaller refused the interaction item).
      ['a metadata key named constructor', { body: { ...validInteraction, metadata: { constructor: 2 } } }, 400, ['metadata.constructor']],
      ['a metadata integer beyond 2^53', { body: { ...validInteraction, metadata: { k: 1e20 } } }, 400, ['metadata.k']],
      ['a metadata number DynamoDB cannot store', { body: { ...validInteraction, metadata: { k: 1e-200 } } }, 400, ['metadata.k']],
    ];

    it.each(cases)('%s', async (_name, request, status, fields) => {
      // Prepare
      const before = await itemCount();

      // Act
      const response = await api.call('POST', '/interactions', { ...request, token: agent });

      // Assess
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: expect.stringMatching(/^urn:support:problem:/), title: expect.any(String), status });
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
      expect(await itemCount()).toBe(before);
    });

    it('refuses a body that is not JSON with 415', async () => {
      const response = await api.call('POST', '/interactions', {
        rawBody: 'channel=email',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        token: agent,
      });

      expect(response.status).toBe(415);
      expect(response.body.type).toBe('urn:support:problem:unsupported-media-type');
    });

    it('answers 404 problems for unknown ids in the path and 400 for malformed ones', async () => {
      expect((await api.get('/cases/case_01JAAAAAAAAAAAAAAAAAAAAAAA', agent)).status).toBe(404);
      expect((await api.get('/customers/cus_nobody', agent)).status).toBe(404);
      const malformed = await api.get('/cases/not-a-case', agent);
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].field).toBe('caseId');
    });

    it('answers 400 for a bad limit or a forged cursor', async () => {
      const recorded = await api.post('/interactions', validInteraction, agent);
      const id = recorded.body.customerId;

      expect((await api.get(`/customers/${id}/timeline?limit=0`, agent)).body.errors[0].field).toBe('limit');
      expect((await api.get(`/customers/${id}/timeline?cursor=Zm9v`, agent)).body.errors[0].field).toBe('cursor');
    });
  });

  describe('authentication and roles', () => {
    it('refuses a missing, forged, expired or foreign-audience token with 401 and writes nothing', async () => {
      // Prepare
      const before = await itemCount();
      // Forged: the right algorithm and kid, another key.
      const { privateKey: otherKey } = await generateKeyPair('RS256');
      const sign = (key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'], claims: { aud?: string; exp?: number }) =>
        new SignJWT({ role: 'agent' })
          .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(agent).kid ?? '' })
          .setIssuer(localIssuer)
          .setAudience(claims.aud ?? localAudience)
          .setSubject('intruder')
          .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
          .sign(key);
      const forged = await sign(otherKey, {});
      const expired = await runtime.token('agent', undefined, { expiresIn: '-1h' });
      const foreignAudience = await runtime.token('agent', undefined, { audience: 'another-api' });

      // Act
      const responses = await Promise.all([
        api.post('/interactions', validInteraction),
        api.post('/interactions', validInteraction, forged),
        api.post('/interactions', validInteraction, 'not.a.jwt'),
        api.post('/interactions', validInteraction, expired),
        api.post('/interactions', validInteraction, foreignAudience),
      ]);

      // Assess
      for (const response of responses) {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(response.body.type).toBe('urn:support:problem:unauthorized');
      }
      expect(await itemCount()).toBe(before);
    });

    it('serves /health and /openapi.json without a token', async () => {
      const health = await api.get('/health');
      const openapi = await api.get('/openapi.json');

      expect(health.body).toMatchObject({ status: 'ok', clientId: 'demo' });
      expect(openapi.body.openapi).toBe('3.1.0');
      expect(Object.keys(openapi.body.paths)).toContain('/interactions');
    });

    it('lets a customer read only their own profile and cases, and keeps them out of staff views', async () => {
      // Prepare
      const mine = await api.post('/interactions', { ...validInteraction, customer: { email: 'me@example.com' } }, agent);
      const theirs = await api.post('/interactions', { ...validInteraction, customer: { email: 'them@example.com' } }, agent);
      const me = await runtime.token('customer', mine.body.customerId);
      const theirCase = await api.post('/cases', { customerId: theirs.body.customerId, subject: 'Bill' }, agent);

      // Act + Assess
      expect((await api.get(`/customers/${mine.body.customerId}`, me)).status).toBe(200);
      expect((await api.get(`/customers/${theirs.body.customerId}`, me)).status).toBe(403);
      expect((await api.get(`/customers/${theirs.body.customerId}/timeline`, me)).status).toBe(403);
      expect((await api.get(`/cases/${theirCase.body.caseId}`, me)).status).toBe(404);
      expect((await api.get(`/cases/${theirCase.body.caseId}/context`, me)).status).toBe(403);
      expect((await api.post('/interactions', { ...validInteraction, customer: { customerId: theirs.body.customerId } }, me)).status).toBe(403);
    });

    it('lets a customer record on their own profile and open their own case, and only change its status', async () => {
      const me = await runtime.token('customer', 'idp-user-77', { claims: { email: 'idp77@example.com', email_verified: true } });

      const recorded = await api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { email: 'idp77@example.com' }, text: 'hi' }, me);
      const opened = await api.post('/cases', { subject: 'My router' }, me);
      const priority = await api.patch(`/cases/${opened.body.caseId}`, { priority: 'urgent' }, me);
      const closed = await api.patch(`/cases/${opened.body.caseId}`, { status: 'closed' }, me);

      expect(recorded.status).toBe(201);
      expect(recorded.body.customerId).toBe('idp-user-77');
      expect(opened.body.customerId).toBe('idp-user-77');
      expect(priority.status).toBe(403);
      expect(priority.body.errors[0].field).toBe('priority');
      expect(closed.body.status).toBe('closed');
    });

    it('keeps merges to agents and supervisors', async () => {
      const integration = await runtime.token('integration');
      const a = await api.post('/interactions', { ...validInteraction, customer: { email: 'a-merge@example.com' } }, agent);
      const b = await api.post('/interactions', { ...validInteraction, customer: { email: 'b-merge@example.com' } }, agent);

      const refused = await api.post(`/customers/${a.body.customerId}/merge`, { sourceCustomerId: b.body.customerId }, integration);

      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/agent, supervisor/);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for a retry and writes nothing new', async () => {
      // Prepare
      const headers = { 'idempotency-key': 'retry-1' };
      const body = { ...validInteraction, customer: { email: 'retry@example.com' } };

      // Act
      const first = await api.post('/interactions', body, agent, headers);
      const countAfterFirst = await itemCount();
      const retry = await api.post('/interactions', body, agent, headers);

      // Assess
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await itemCount()).toBe(countAfterFirst);
      const timeline = await api.get(`/customers/${first.body.customerId}/timeline`, agent);
      expect(timeline.body.items).toHaveLength(1);
    });

    it('refuses the same key with another body', async () => {
      const headers = { 'idempotency-key': 'retry-2' };
      await api.post('/interactions', { ...validInteraction, text: 'first' }, agent, headers);

      const reused = await api.post('/interactions', { ...validInteraction, text: 'second' }, agent, headers);

      expect(reused.status).toBe(422);
      expect(reused.body.type).toBe('urn:support:problem:idempotency-key-reused');
    });

    it('scopes keys to the caller: another caller with the same key gets its own result', async () => {
      const headers = { 'idempotency-key': 'shared-key' };
      const supervisor = await runtime.token('supervisor');

      const byAgent = await api.post(
        '/cases',
        { customerId: (await api.post('/interactions', validInteraction, agent)).body.customerId, subject: 'A' },
        agent,
        headers,
      );
      const bySupervisor = await api.post('/cases', { customerId: byAgent.body.customerId, subject: 'A' }, supervisor, headers);

      expect(bySupervisor.status).toBe(201);
      expect(bySupervisor.body.caseId).not.toBe(byAgent.body.caseId);
    });
  });
});

describe('Stage throttling, as API Gateway applies it', () => {
  it('answers 429 once the burst is spent', async () => {
    const runtime = await startTestRuntime({ throttling: { rateLimit: 1, burstLimit: 2 } }, { throttling: true });
    try {
      const api = apiClient(runtime.url);
      const responses = [];
      for (let i = 0; i < 3; i++) responses.push(await api.get('/health'));

      expect(responses.map((response) => response.status)).toEqual([200, 200, 429]);
      expect(responses[2]?.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    } finally {
      await runtime.stop();
    }
  });
});
