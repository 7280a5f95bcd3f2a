import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { decodeProtectedHeader, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRoute, type RouteDefinition } from '../../functions/definition/routes';
import { corsSettings } from '../../lib/definition/cors';
import { localAwsClientConfig } from '../../local/aws';
import { type DevKeys, loadDevKeys, localAudience, localIssuer } from '../../local/dev-tokens';
import { startLocalGateway } from '../../local/gateway';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime } from '../helpers/runtime';

/**
 * The edges of the gateway and the contract: what a caller can send that the happy path never
 * does (malformed URLs, odd charsets, control characters, tokens API Gateway would refuse), over
 * real sockets against the local runtime. Every refusal is problem+json and writes nothing.
 */
const validInteraction = { channel: 'email', direction: 'inbound', customer: { email: 'edges@example.com' }, text: 'Hello' };

describe('Local gateway and HTTP contract: edges', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let keys: DevKeys;
  let db: DynamoDBClient;
  // After what earlier requests caused has settled: the KPI consumer writes its counters as their events arrive.
  const itemCount = async () => {
    await runtime.settled();
    return (await db.send(new ScanCommand({ TableName: runtime.names.dataTable, Select: 'COUNT' }))).Count ?? 0;
  };
  const now = () => Math.floor(Date.now() / 1000);

  /** A token signed with the runtime's own dev key, with the claims and header a test chooses. */
  const sign = (claims: JWTPayload, options: { header?: Record<string, unknown>; omitExp?: boolean } = {}) => {
    const payload: JWTPayload = {
      iss: localIssuer,
      aud: localAudience,
      sub: 'edge-agent',
      [demoConfig.auth.roleClaim]: ['agent'],
      iat: now(),
      ...(options.omitExp ? {} : { exp: now() + 600 }),
      ...claims,
    };
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: keys.kid, ...options.header } as { alg: string }).sign(keys.privateKey);
  };

  const expectProblem = (
    response: { status: number; headers: Headers; body: { errors: { field: string }[] } & Record<string, unknown> },
    status: number,
    fields?: string[],
  ) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: expect.stringMatching(/^urn:support:problem:/), status });
    if (fields) expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
  };

  beforeAll(async () => {
    const devKeysFile = join(mkdtempSync(join(tmpdir(), 'gateway-edges-')), 'dev-jwt-key.json');
    runtime = await startTestRuntime({ channels: ['email', 'chat', 'phone'] }, { devKeysFile });
    keys = await loadDevKeys(devKeysFile);
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    db = new DynamoDBClient(localAwsClientConfig(runtime.endpoints.dynamodb));
  });
  afterAll(() => runtime?.stop());

  describe('malformed percent-encoding', () => {
    it('answers 400 problem+json naming the path parameter, not a 500', async () => {
      const response = await api.get('/customers/%E0%A4%A', agent);

      expectProblem(response, 400, ['customerId']);
      expect(response.body.instance).toBe('/customers/%E0%A4%A');
    });

    it('answers 400 naming the query parameter', async () => {
      const response = await api.get('/customers?externalId=%E0%A4%A', agent);

      expectProblem(response, 400, ['externalId']);
    });
  });

  describe('token claims the authorizer lets through but no key can hold', () => {
    it('refuses a 2,100-character subject with 401, writing nothing', async () => {
      const before = await itemCount();
      const customer = await runtime.token('customer', 'x'.repeat(2_100));
      const staff = await sign({ sub: 'x'.repeat(2_100) });

      const responses = [await api.post('/interactions', validInteraction, customer), await api.post('/interactions', validInteraction, staff)];

      for (const response of responses) {
        expectProblem(response, 401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
      }
      expect(await itemCount()).toBe(before);
    });

    it('refuses customer subjects such as x#PROFILE or ../x, which would make profiles no route can reach', async () => {
      // The demo's customer id claim is sub: the subject becomes the profile's key.
      const before = await itemCount();

      for (const subject of ['x#PROFILE', '../x']) {
        const token = await runtime.token('customer', subject);
        expectProblem(await api.post('/interactions', validInteraction, token), 401);
        expectProblem(await api.post('/cases', { subject: 'Mine' }, token), 401);
      }
      expect(await itemCount()).toBe(before);
    });
  });

  describe('charset', () => {
    it('refuses a JSON body declared in another charset than UTF-8 with 415, writing nothing', async () => {
      const before = await itemCount();

      for (const charset of ['utf-16', 'UTF-16LE', 'iso-8859-1', '"windows-1252"']) {
        const response = await api.call('POST', '/interactions', {
          body: validInteraction,
          token: agent,
          headers: { 'content-type': `application/json; charset=${charset}` },
        });
        expectProblem(response, 415);
        expect(response.body.type).toBe('urn:support:problem:unsupported-media-type');
      }
      expect(await itemCount()).toBe(before);
    });

    it('accepts UTF-8, however it is spelled, and no charset', async () => {
      for (const contentType of ['application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json']) {
        const response = await api.call('POST', '/interactions', { body: validInteraction, token: agent, headers: { 'content-type': contentType } });
        expect(response.status, contentType).toBe(201);
      }
    });
  });

  describe('NUL, control characters and unpaired surrogates', () => {
    const cases: [string, string, unknown, string][] = [
      ['NUL in a case subject', '/cases', { subject: 'Box\u0000down' }, 'subject'],
      ['an unpaired surrogate in a case subject', '/cases', { subject: 'Box \uD800' }, 'subject'],
      ['NUL in a CRM reference', '/interactions', { ...validInteraction, customer: { externalId: 'crm\u0000-1' } }, 'customer.externalId'],
      ['an unpaired surrogate in a text', '/interactions', { ...validInteraction, text: 'Hi \uDC00 there' }, 'text'],
      ['NUL in an agent id', '/interactions', { ...validInteraction, agentId: 'a\u0000' }, 'agentId'],
      ['a control character in a metadata value', '/interactions', { ...validInteraction, metadata: { queue: 'q\u001b[31m' } }, 'metadata.queue'],
      [
        'NUL in a social handle',
        '/interactions',
        { ...validInteraction, customer: { social: { network: 'x', handle: '@a\u0000' } } },
        'customer.social.handle',
      ],
    ];

    it.each(cases)('refuses %s with 400 naming the field, writing nothing', async (_name, path, body, field) => {
      const before = await itemCount();
      const customerId = (await api.post('/interactions', { ...validInteraction, customer: { email: 'nul@example.com' } }, agent)).body.customerId;
      const beforeCall = await itemCount();

      const response = await api.post(path, path === '/cases' ? { customerId, ...(body as object) } : body, agent);

      expectProblem(response, 400, [field]);
      expect(await itemCount()).toBe(beforeCall);
      expect(beforeCall).toBeGreaterThanOrEqual(before);
    });

    it('refuses NUL in query values and path parameters with 400 naming them', async () => {
      expectProblem(await api.get('/customers?externalId=crm%00', agent), 400, ['externalId']);
      expectProblem(await api.get('/customers/cus%00x', agent), 400, ['customerId']);
    });

    it('keeps what is well formed: accents, emoji (a surrogate pair), line breaks in text', async () => {
      const response = await api.post('/interactions', { ...validInteraction, text: 'Ma box ne marche plus 😡\nJ’ai redémarré.' }, agent);

      expect(response.status).toBe(201);
      expect(response.body.text).toBe('Ma box ne marche plus 😡\nJ’ai redémarré.');
    });
  });

  describe('integers in queries', () => {
    it('reads decimal digits only: 0x10, 1e1, 10.0 and " 10" are refused with 400 naming limit', async () => {
      const customerId = (await api.post('/interactions', validInteraction, agent)).body.customerId;

      for (const limit of ['0x10', '1e1', '10.0', '%2010', '-1', '']) {
        expectProblem(await api.get(`/customers/${customerId}/timeline?limit=${limit}`, agent), 400, ['limit']);
      }
      expect((await api.get(`/customers/${customerId}/timeline?limit=10`, agent)).status).toBe(200);
      expect((await api.get(`/customers/${customerId}/timeline`, agent)).status).toBe(200);
    });
  });

  describe('the JWT authorizer, as API Gateway documents it', () => {
    it('issues RS256 dev tokens whose kid is in the JWKS', async () => {
      expect(decodeProtectedHeader(agent)).toMatchObject({ alg: 'RS256', kid: keys.kid });
      expect(keys.jwks.keys.map((key) => key.kid)).toContain(keys.kid);
      expect((await api.get('/queues', agent)).status).toBe(200);
    });

    it('refuses with 401 a token without exp, with an unknown kid, in ES256, or not yet valid, writing nothing', async () => {
      const before = await itemCount();
      const { privateKey: ecKey } = await generateKeyPair('ES256');
      const tokens = {
        noExp: await sign({}, { omitExp: true }),
        unknownKid: await sign({}, { header: { kid: 'not-in-the-jwks' } }),
        es256: await new SignJWT({ iss: localIssuer, aud: localAudience, sub: 'edge-agent', [demoConfig.auth.roleClaim]: ['agent'], exp: now() + 600 })
          .setProtectedHeader({ alg: 'ES256', kid: keys.kid })
          .sign(ecKey),
        notBefore: await sign({ nbf: now() + 600 }),
        foreignIssuer: await sign({ iss: 'https://another-idp.invalid' }),
      };

      for (const [name, token] of Object.entries(tokens)) {
        const response = await api.post('/interactions', validInteraction, token);
        expect(response.status, name).toBe(401);
        expect(response.body.type).toBe('urn:support:problem:unauthorized');
      }
      expect(await itemCount()).toBe(before);
    });

    it('accepts an access token carrying the audience in client_id instead of aud', async () => {
      const accessToken = await sign({ aud: undefined, client_id: localAudience, token_use: 'access' });

      expect((await api.get('/queues', accessToken)).status).toBe(200);
    });
  });

  describe('throttling', () => {
    it('answers every 429 with a Retry-After in seconds, as problem+json', async () => {
      const throttled = await startTestRuntime({ throttling: { rateLimit: 1, burstLimit: 1 } }, { throttling: true });
      try {
        const client = apiClient(throttled.url);

        // At once, so that the bucket (1 token, 1 more a second) refuses most of them however slow the machine.
        const responses = await Promise.all(Array.from({ length: 20 }, () => client.get('/health')));

        const refused = responses.filter((response) => response.status !== 200);
        expect(refused.length).toBeGreaterThan(0);
        for (const response of refused) {
          expectProblem(response, 429);
          expect(response.headers.get('retry-after')).toBe('1');
        }
      } finally {
        await throttled.stop();
      }
    });
  });
});

describe('Local gateway: route authorization scopes', () => {
  it('refuses with 403 a token with none of the scopes a route requires, and passes the scopes to the handler', async () => {
    // Prepare: a route declared with scopes, behind the real gateway, its handler echoing the event.
    const keys = await loadDevKeys();
    const route: RouteDefinition = { ...(findRoute('GET /queues') as RouteDefinition), scopes: ['support/read'] };
    const gateway = await startLocalGateway({
      port: 0,
      routes: [route],
      handlerFor: () => async (event) => ({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event.requestContext.authorizer.jwt),
      }),
      authorizer: { jwks: keys.jwks, issuer: localIssuer, audience: [localAudience] },
      cors: corsSettings(demoConfig),
      throttling: false,
    });
    const token = (scope?: string) =>
      new SignJWT({ [demoConfig.auth.roleClaim]: ['agent'], ...(scope ? { scope } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
        .setIssuer(localIssuer)
        .setAudience(localAudience)
        .setSubject('edge-agent')
        .setExpirationTime('10m')
        .sign(keys.privateKey);
    try {
      // The stand-in handler echoes the authorizer context, which is not the route's contract.
      const api = apiClient(gateway.url, { contract: false });

      // Act
      const without = await api.get('/queues', await token());
      const other = await api.get('/queues', await token('openid profile'));
      const granted = await api.get('/queues', await token('openid support/read'));

      // Assess
      expect(without.status).toBe(403);
      expect(without.body.type).toBe('urn:support:problem:forbidden');
      expect(other.status).toBe(403);
      expect(granted.status).toBe(200);
      expect(granted.body.scopes).toEqual(['openid', 'support/read']);
    } finally {
      await gateway.stop();
    }
  });
});
