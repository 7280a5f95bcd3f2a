import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Case, RecordInteractionRequest, maxTextLength } from '../../functions/contracts';
import { apiVersion, buildOpenApiDocument, type Operation } from '../../functions/definition/openapi-document';
import { channels } from '../../functions/domain/channels';
import { asSchema, type JsonSchema } from '../../functions/definition/json-schema';
import { type RouteDefinition, routes, successStatuses } from '../../functions/definition/routes';

const document = buildOpenApiDocument();
const declared: readonly RouteDefinition[] = routes;
const componentPrefix = '#/components/schemas/';

function operationOf(route: RouteDefinition): Operation {
  const operation = document.paths[route.path]?.[route.method.toLowerCase() as Lowercase<RouteDefinition['method']>];
  if (!operation) throw new Error(`no operation for ${route.method} ${route.path}`);
  return operation;
}

function routeWithId(operationId: string): RouteDefinition {
  const route = declared.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  return route;
}

function component(id: string): JsonSchema {
  const schema = document.components.schemas[id];
  if (!schema) throw new Error(`no component ${id}`);
  return schema;
}

type SchemaWithExamples = JsonSchema & { examples: unknown[] };

// In an OpenAPI document, `examples` holding an array is the JSON Schema keyword (a Media Type's `examples` is a map).
const hasExamples = (value: object): value is SchemaWithExamples => 'examples' in value && Array.isArray(value.examples);

const isSecured = (route: RouteDefinition) => route.auth !== 'public';

describe('Function: buildOpenApiDocument', () => {
  it('is an OpenAPI 3.1.0 document with the API version, a server and a bearer JWT scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Support backend API', version: apiVersion });
    expect(document.info.description).toMatch(/Authentication.*Idempotency.*Errors/s);
    expect(document.servers).toEqual([expect.objectContaining({ url: 'http://localhost:3000' })]);
    expect(buildOpenApiDocument({ serverUrl: 'https://api.example.com' }).servers).toEqual([{ url: 'https://api.example.com' }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('describes every declared route with its method, operation id, summary and tag, and nothing else', () => {
    for (const route of declared) {
      expect(operationOf(route), `${route.method} ${route.path}`).toMatchObject({ operationId: route.operationId, summary: route.summary, tags: [route.tag] });
    }
    const operationIds = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));

    expect(operationIds.sort()).toEqual(declared.map((route) => route.operationId).sort());
    expect(document.tags.map((tag) => tag.name).sort()).toEqual([...new Set(declared.map((route) => route.tag))].sort());
  });

  it('requires a bearer token and documents 401 and 403 on every non-public route, and neither on public ones', () => {
    for (const route of declared) {
      const operation = operationOf(route);

      expect(operation.security ?? [], route.path).toEqual(isSecured(route) ? [{ bearer: [] }] : []);
      expect('401' in operation.responses && '403' in operation.responses, route.path).toBe(isSecured(route));
    }
  });

  it('lists the roles a route accepts in its description', () => {
    for (const route of declared) {
      const description = operationOf(route).description;

      if (route.auth === 'public') expect(description).toMatch(/no token/);
      else expect(description).toContain(`Roles: ${route.auth.join(', ')}.`);
    }
  });

  it('takes path parameters (all required) and query parameters from the route schemas', () => {
    for (const route of declared) {
      const parameters = operationOf(route).parameters;
      const inPath = parameters.filter((parameter) => parameter.in === 'path');
      const inQuery = parameters.filter((parameter) => parameter.in === 'query');

      expect(inPath.map((parameter) => parameter.name).sort(), route.path).toEqual([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort());
      expect(
        inPath.every((parameter) => parameter.required && parameter.schema.type === 'string'),
        route.path,
      ).toBe(true);
      expect(
        inQuery.map((parameter) => parameter.name),
        route.path,
      ).toEqual(Object.keys(route.query?.shape ?? {}));
    }
  });

  it('describes query parameters as the caller writes them: optional with a default, bounds kept', () => {
    const limit = operationOf(routeWithId('getCustomerTimeline')).parameters.find((parameter) => parameter.name === 'limit');

    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } });
  });

  it('takes a required JSON body exactly on routes with a body schema, and documents the success response', () => {
    for (const route of declared) {
      const operation = operationOf(route);

      expect(operation.requestBody?.required, route.path).toBe(route.body ? true : undefined);
      expect(Object.keys(operation.requestBody?.content ?? {}), route.path).toEqual(route.body ? ['application/json'] : []);
      expect(operation.responses[route.success.status], route.path).toMatchObject({
        description: route.success.description,
        content: { 'application/json': { schema: expect.any(Object) } },
      });
    }
  });

  it('documents every success status a route answers with, each with the success schema (POST /callbacks: 201, and 200 for a repeat)', () => {
    for (const route of declared) {
      const operation = operationOf(route);
      const schema = operation.responses[route.success.status]?.content?.['application/json']?.schema;

      for (const status of successStatuses(route)) {
        expect(operation.responses[status]?.content?.['application/json']?.schema, `${route.path} ${status}`).toEqual(schema);
      }
    }
    const requestCallback = operationOf(routeWithId('requestCallback'));
    expect(Object.keys(requestCallback.responses)).toEqual(expect.arrayContaining(['200', '201']));
    expect(requestCallback.responses['200']?.description).toMatch(/already has an open callback/);
  });

  it('documents the outside-business-hours extension: nextWindow on the Problem schema', () => {
    const problem = component('Problem');
    const nextWindow = asSchema(problem.properties?.nextWindow);

    expect(nextWindow).toMatchObject({ type: 'object', required: ['from', 'to'], properties: { from: { format: 'date-time' }, to: { format: 'date-time' } } });
    expect(nextWindow.description).toMatch(/outside-business-hours/);
  });

  it('refers to every named schema a route uses by $ref to its component', () => {
    for (const route of declared) {
      const operation = operationOf(route);
      const bodyId = route.body && z.globalRegistry.get(route.body)?.id;
      const responseId = z.globalRegistry.get(route.success.schema)?.id;

      if (bodyId) expect(operation.requestBody?.content['application/json']?.schema).toEqual({ $ref: `${componentPrefix}${bodyId}` });
      if (responseId)
        expect(operation.responses[route.success.status]?.content?.['application/json']?.schema).toEqual({ $ref: `${componentPrefix}${responseId}` });
    }
  });

  it('offers the Idempotency-Key header exactly on idempotent routes, explaining replay, 422 and 409', () => {
    for (const route of declared) {
      const operation = operationOf(route);
      const header = operation.parameters.find((parameter) => parameter.name === 'Idempotency-Key');

      expect(header !== undefined, route.path).toBe(route.idempotent === true);
      if (header) {
        expect(header).toMatchObject({ in: 'header', required: false });
        expect(header.description).toMatch(/same key with the same body returns the first response.*another body is refused with 422/s);
        expect(operation.responses['422']?.description).toMatch(/Idempotency-Key/);
        expect(operation.responses['409']?.description).toMatch(/Idempotency-Key/);
      }
    }
  });

  it('offers an optional x-correlation-id header on every route', () => {
    for (const route of declared) {
      expect(operationOf(route).parameters).toContainEqual(expect.objectContaining({ name: 'x-correlation-id', in: 'header', required: false }));
    }
  });

  it('answers every declared error status, and those the pipeline adds, as problem+json', () => {
    for (const route of declared) {
      const responses = operationOf(route).responses;
      const errors = Object.keys(responses).filter((status) => Number(status) >= 400);

      expect(errors, route.path).toEqual(expect.arrayContaining(route.errors.map(String)));
      if (route.body) expect(errors, route.path).toEqual(expect.arrayContaining(['400', '413', '415']));
      for (const status of errors) {
        expect(responses[status], `${route.path} ${status}`).toEqual({
          description: expect.stringMatching(/\.$/),
          ...(status === '429' && { headers: { 'retry-after': { description: expect.any(String), schema: { type: 'integer', minimum: 1 } } } }),
          content: { 'application/problem+json': { schema: { $ref: `${componentPrefix}Problem` } } },
        });
      }
    }
  });

  it('documents 429 with its retry-after header (whole seconds) on every route: throttling applies to all', () => {
    for (const route of declared) {
      const tooMany = operationOf(route).responses['429'];

      expect(tooMany, `${route.method} ${route.path}`).toMatchObject({
        headers: { 'retry-after': { description: expect.any(String), schema: { type: 'integer', minimum: 1 } } },
        content: { 'application/problem+json': { schema: { $ref: `${componentPrefix}Problem` } } },
      });
      expect(tooMany?.description, route.path).toMatch(/rate-limited/);
    }
  });

  it('describes a request as the caller writes it: required fields, the channel list, the text limit', () => {
    const request = component('RecordInteractionRequest');

    expect(request.required).toEqual(expect.arrayContaining(['channel', 'direction', 'customer']));
    expect(asSchema(request.properties?.channel).enum).toEqual([...channels]);
    expect(asSchema(request.properties?.text).maxLength).toBe(maxTextLength);
    expect(asSchema(request.properties?.customer)).toEqual({ $ref: `${componentPrefix}CustomerReference` });
    expect(request.additionalProperties).toBe(false);
  });

  it('leaves responses open to new fields, as consumers must ignore the ones they do not know', () => {
    expect(component('Case').additionalProperties).toBeUndefined();
    expect(component('Case').required).toEqual(expect.arrayContaining(['caseId', 'customerId', 'status', 'version']));
  });

  it('resolves every $ref in the document to a component, and has no zod-local $defs left', () => {
    const refs: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          expect(key, 'a $defs left in the document').not.toBe('$defs');
          if (key === '$ref' && typeof child === 'string') refs.push(child);
          else walk(child);
        }
      }
    };
    walk(document);

    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(new RegExp(`^${componentPrefix}`));
      expect(document.components.schemas[ref.slice(componentPrefix.length)], ref).toBeDefined();
    }
  });

  it('builds the same document every time, with components sorted by name', () => {
    expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(document));
    const ids = Object.keys(document.components.schemas);

    expect(ids).toEqual([...ids].sort());
  });

  describe('the published schemas agree with zod on real requests and responses', () => {
    const validRequest = {
      channel: 'phone',
      direction: 'inbound',
      customer: { phone: '+33 6 12 34 56 78', social: { network: 'instagram', handle: '@jeanne_m' } },
      text: 'My internet has been down since yesterday',
      occurredAt: '2026-11-22T09:30:00Z',
      metadata: { callId: 'c-123', queue: 'fibre', waitSeconds: 42 },
    };

    it('accepts a request zod accepts', () => {
      expect(RecordInteractionRequest.safeParse(validRequest).success).toBe(true);
      expect(violations(component('RecordInteractionRequest'), validRequest)).toEqual([]);
    });

    it.each([
      ['an unknown channel', { ...validRequest, channel: 'fax' }, 'channel'],
      ['a text over the limit', { ...validRequest, text: 'x'.repeat(maxTextLength + 1) }, 'text'],
      ['an unknown field', { ...validRequest, mood: 'angry' }, 'mood'],
      ['no customer', { channel: 'phone', direction: 'inbound' }, 'customer'],
      ['a malformed social handle', { ...validRequest, customer: { social: { network: 'X!', handle: 'j' } } }, 'customer.social.network'],
    ])('refuses %s, as zod does', (_case, request, field) => {
      expect(RecordInteractionRequest.safeParse(request).success).toBe(false);
      expect(violations(component('RecordInteractionRequest'), request)).toContain(field);
    });

    it('gives examples that are valid for their own schema', () => {
      const withExamples: SchemaWithExamples[] = [];
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') {
          if (hasExamples(value)) withExamples.push(value);
          Object.values(value).forEach(walk);
        }
      };
      walk(document);

      expect(withExamples.length).toBeGreaterThan(3);
      for (const schema of withExamples) {
        for (const example of schema.examples) expect(violations(schema, example), JSON.stringify(example)).toEqual([]);
      }
    });

    it('accepts a response zod produces, and one with a field added later', () => {
      const response = Case.parse({
        caseId: 'case_01JD8X3Q5W7C9E1G3K5M7P9R2T',
        customerId: 'cus_01JD8X3Q5W7C9E1G3K5M7P9R2T',
        subject: 'No internet',
        status: 'open',
        priority: 'high',
        channel: 'phone',
        openedAt: '2026-11-22T09:30:00Z',
        updatedAt: '2026-11-22T09:30:00Z',
        reopenCount: 0,
        version: 1,
      });

      expect(violations(component('Case'), response)).toEqual([]);
      expect(violations(component('Case'), { ...response, slaDueAt: '2026-11-22T13:30:00Z' })).toEqual([]);
    });
  });
});

/**
 * The paths where a value breaks a schema: a small JSON Schema check for the keywords our
 * documents use (no validator library is installed). `format` is not checked, as in most
 * validators by default.
 */
function violations(schema: JsonSchema, value: unknown, path = ''): string[] {
  const here = path || '(root)';
  if (schema.$ref) return violations(component(schema.$ref.slice(componentPrefix.length)), value, path);
  if (schema.anyOf) return schema.anyOf.some((branch) => violations(branch, value, path).length === 0) ? [] : [here];
  if (schema.oneOf) return schema.oneOf.filter((branch) => violations(branch, value, path).length === 0).length === 1 ? [] : [here];
  if (schema.not) return violations(asSchema(schema.not), value, path).length ? [] : [here];
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) return [here];
  if (schema.const !== undefined && value !== schema.const) return [here];
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length && !types.some((type) => hasType(value, type))) return [here];
  if (typeof value === 'string') return breaksStringRules(schema, value) ? [here] : [];
  if (typeof value === 'number') return (schema.minimum ?? -Infinity) <= value && value <= (schema.maximum ?? Infinity) ? [] : [here];
  if (Array.isArray(value)) return value.flatMap((item, index) => violations(asSchema(schema.items), item, `${path}[${index}]`));
  if (value && typeof value === 'object') return objectViolations(schema, value as Record<string, unknown>, path);
  return [];
}

function objectViolations(schema: JsonSchema, value: Record<string, unknown>, path: string): string[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const properties = schema.properties ?? {};
  const missing = (schema.required ?? []).filter((key) => !(key in value)).map(at);
  const fields = Object.entries(value).flatMap(([key, child]) => {
    if (schema.propertyNames && violations(asSchema(schema.propertyNames), key).length) return [at(key)];
    const fieldSchema = properties[key] ?? schema.additionalProperties;
    return fieldSchema === undefined ? [] : violations(asSchema(fieldSchema), child, at(key));
  });
  return [...missing, ...fields];
}

function breaksStringRules(schema: JsonSchema, value: string): boolean {
  return (
    value.length < (schema.minLength ?? 0) ||
    value.length > (schema.maxLength ?? Infinity) ||
    (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
  );
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'null') return value === null;
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === type;
}
