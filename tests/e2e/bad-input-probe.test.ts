import { DynamoDBClient, ScanCommand, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { z } from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateKeyPrefix } from '../../functions/adapters/dynamodb/keys';
import { type RouteDefinition, routes } from '../../functions/definition/routes';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * The outside probe, made permanent: every route of the declaration (so a new route is probed
 * without anyone adding it here) gets requests mutated from its own schemas — bodies, path ids,
 * queries, headers, tokens — and must answer without a 5xx; every 4xx is problem+json (a 400 or
 * 422 naming a field), and a refused request writes nothing (table items and bus events counted).
 */
describe('Bad input on every route: no 5xx, a problem naming the field, nothing written', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let db: DynamoDBClient;
  const tokens: Record<string, string> = {};

  const count = async (table: string, filter?: Pick<ScanCommandInput, 'FilterExpression' | 'ExpressionAttributeValues'>) =>
    (await db.send(new ScanCommand({ TableName: table, Select: 'COUNT', ...filter }))).Count ?? 0;
  // The rate counters excepted: every authorised request of a counted caller counts against its
  // limit, valid or not (functions/commons/http/rate-limit.ts), so a refusal may add to its window.
  const notRateCounter = { FilterExpression: 'NOT begins_with(pk, :rate)', ExpressionAttributeValues: { ':rate': { S: rateKeyPrefix } } };
  const footprint = async () => {
    await runtime.settled();
    return {
      data: await count(runtime.names.dataTable, notRateCounter),
      idempotency: await count(runtime.names.idempotencyTable),
      events: runtime.events().length,
    };
  };

  beforeAll(async () => {
    runtime = await startTestRuntime({}, { throttling: false });
    api = apiClient(runtime.url);
    db = new DynamoDBClient(localAwsClientConfig(runtime.endpoints.dynamodb));
    for (const role of ['agent', 'supervisor', 'integration'] as const) tokens[role] = await runtime.token(role);
    tokens.customer = await runtime.token('customer', 'cus_probe');
    // Something for the ids to point at, so that mutated requests reach the use cases.
    await api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { email: 'probe@example.com' }, text: 'hello' }, tokens.agent);
  });
  afterAll(async () => {
    db?.destroy();
    await runtime?.stop();
  });

  for (const route of routes as readonly RouteDefinition[]) {
    it(`${route.method} ${route.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (request) => {
          const before = await footprint();
          const response = await api
            .call(route.method, request.path, {
              ...(request.token ? { token: tokens[request.token] } : {}),
              headers: request.headers,
              ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
            })
            .catch((error: Error) => ({ status: 0, headers: new Headers(), body: { error: error.message } }));

          expect(response.status, `${route.method} ${request.path} → ${JSON.stringify(response.body)}`).toBeGreaterThanOrEqual(200);
          expect(response.status, `${route.method} ${request.path} → ${JSON.stringify(response.body)}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: response.status });
            if (response.status === 400 || response.status === 422) {
              expect(response.body.errors?.[0]?.field, JSON.stringify(response.body)).toEqual(expect.any(String));
            }
            expect(await footprint()).toEqual(before);
          }
        }),
        { numRuns: 12, seed: 20261201 + route.path.length, endOnFailure: true },
      );
    });
  }
});

interface ProbeRequest {
  path: string;
  token?: string;
  headers: Record<string, string>;
  rawBody?: string;
}

/** Strings an attacker or a careless integrator sends: control characters, lone surrogates, traversal, key separators, huge. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '../x',
    'x#PROFILE',
    'CUSTOMER#x',
    '0x10',
    '-1',
    '1e3',
    'NaN',
    'null',
    '[]',
    '{}',
    '%',
    "' OR 1=1 --",
  ),
  fc.string({ minLength: 300, maxLength: 3000 }),
);

/** A path segment: mostly encoded nasty strings, sometimes raw percent sequences that do not decode (`%E0%A4%A`, an encoded surrogate). */
const segment = fc.oneof(
  nasty.map(encodeLoosely),
  fc.constantFrom('%E0%A4%A', '%ED%A0%80', '%', '%zz', '%00', 'cus_01JD8X3Q5W7C9E1G3K5M7P9R2T', 'case_01JD8X3Q5W7C9E1G3K5M7P9R2T'),
);

function requestFor(route: RouteDefinition): fc.Arbitrary<ProbeRequest> {
  const paramNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const path = fc.tuple(...paramNames.map(() => segment)).map((values) => paramNames.reduce((p, name, i) => p.replace(`{${name}}`, values[i]!), route.path));
  const query = route.query ? queryFor(route.query) : fc.constant('');
  const token = route.auth === 'public' ? fc.constant(undefined) : fc.constantFrom(...route.auth);
  const idempotencyKey = fc.option(fc.oneof(nasty, fc.constant('')), { nil: undefined });
  const contentType = fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'text/plain',
    'application/x-www-form-urlencoded',
  );
  const body = route.body ? bodyFor(route.body) : fc.constant(undefined);
  return fc
    .record({ path, query, token, idempotencyKey, contentType, body })
    .map(({ path: p, query: q, token: t, idempotencyKey: key, contentType: type, body: b }) => ({
      path: `${p}${q}`,
      ...(t ? { token: t } : {}),
      headers: {
        ...(b !== undefined ? { 'content-type': type } : {}),
        ...(key !== undefined && route.idempotent ? { 'idempotency-key': headerSafe(key) } : {}),
      },
      ...(b !== undefined ? { rawBody: b } : {}),
    }));
}

/** Query strings from the route's own parameters, with nasty values, unknown names and repeats. */
function queryFor(schema: z.ZodMiniObject): fc.Arbitrary<string> {
  const names = Object.keys(schema.shape);
  const pair = fc.tuple(
    fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 10 })),
    fc.oneof(nasty, fc.constantFrom('0x10', '1.5', '0', '101', '10', ' 10')),
  );
  return fc
    .array(pair, { maxLength: 4 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(v)}`).join('&')}` : ''));
}

/** Bodies mutated from a value shaped by the route's own JSON Schema, plus bodies that are not JSON at all. */
function bodyFor(schema: z.ZodMiniType): fc.Arbitrary<string> {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaLike;
  const base = sample(jsonSchema) as Record<string, unknown>;
  const keys = Object.keys(base ?? {});
  const objectKeys = keys.filter((key) => typeof base[key] === 'object' && base[key] !== null && !Array.isArray(base[key]));
  const mutated = fc.oneof(
    // Inside a nested object (metadata, customer...): a key named after Object.prototype's members, or a number DynamoDB cannot store.
    objectKeys.length
      ? fc
          .tuple(
            fc.constantFrom(...objectKeys),
            fc.constantFrom('constructor', '__proto__', 'toString', 'k'),
            // biome-ignore lint/correctness/noPrecisionLoss: 2^53+1 is sent on purpose: DynamoDB cannot store it exactly, so the API must refuse it.
            fc.constantFrom<unknown>(2, 'x', 1e20, 9007199254740993, 1e-200, 1e300, -0),
          )
          .map(([key, inner, value]) => ({ ...base, [key]: { ...(base[key] as object), [inner]: value } }))
      : fc.constant(base),
    fc.constant(base),
    keys.length ? fc.constantFrom(...keys).map((key) => omit(base, key)) : fc.constant(base),
    keys.length
      ? fc.tuple(fc.constantFrom(...keys), fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty)).map(([key, value]) => ({ ...base, [key]: value }))
      : fc.constant(base),
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => ({ ...base, [key]: value })),
    fc.jsonValue({ maxDepth: 4 }),
  );
  return fc.oneof(
    { weight: 8, arbitrary: mutated.map((value) => JSON.stringify(value) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '\u0000', '{"__proto__":{"admin":true}}', JSON.stringify({ deep: nest(200) })),
    },
  );
}

interface JsonSchemaLike {
  type?: string | string[];
  properties?: Record<string, JsonSchemaLike>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchemaLike[];
  oneOf?: JsonSchemaLike[];
  items?: JsonSchemaLike;
  format?: string;
  default?: unknown;
  examples?: unknown[];
  minimum?: number;
}

/** A plausible value for a schema (every property), so that most mutations change one thing only. */
function sample(schema: JsonSchemaLike): unknown {
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const branch = schema.anyOf ?? schema.oneOf;
  if (branch) return sample(branch.find((b) => b.type !== 'null') ?? {});
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value)]));
    case 'array':
      return schema.items ? [sample(schema.items)] : [];
    case 'string':
      return schema.format === 'date-time' ? new Date().toISOString() : schema.format === 'email' ? 'probe@example.com' : 'probe';
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function omit(value: Record<string, unknown>, key: string) {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes out as its raw UTF-8 bytes. */
function encodeLoosely(value: string): string {
  return [...value]
    .map((char) => {
      try {
        return encodeURIComponent(char);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');
}

/** Header values are ISO-8859-1 on the wire: what fetch cannot send is replaced, the rest kept. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 4096);
}
