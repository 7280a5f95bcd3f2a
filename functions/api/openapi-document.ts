import * as z from 'zod';
import { type RouteDefinition, routes } from '../../lib/definition/routes';
import { roles } from '../domain/roles';
import { Problem } from './contracts';

/**
 * The OpenAPI 3.1 document, built only from the route declaration and the zod schemas that
 * validate requests, so the two cannot drift. Schemas with `.meta({ id })` become components;
 * request schemas are described as the caller writes them (zod "input"), responses as we send
 * them ("output").
 */
export const apiVersion = '1.0.0';

type JsonSchema = Record<string, unknown>;

const componentUri = (id: string) => `#/components/schemas/${id}`;

function components(io: 'input' | 'output'): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { target: 'draft-2020-12', io, unrepresentable: 'any', uri: componentUri });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDocumentKeys(schema as JsonSchema)]));
}

function withoutDocumentKeys(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** A schema as a `$ref` when it is a named component, inline otherwise. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: componentUri(id) };
  // Inline schemas are path and query parameters: flat objects without named parts.
  return withoutDocumentKeys(z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema);
}

/** Component ids a schema refers to, transitively. */
function referencedIds(schema: unknown, all: Record<string, JsonSchema>, seen = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) referencedIds(item, all, seen);
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const id = value.slice('#/components/schemas/'.length);
        if (!seen.has(id)) {
          seen.add(id);
          referencedIds(all[id], all, seen);
        }
      } else referencedIds(value, all, seen);
    }
  }
  return seen;
}

const statusTexts: Record<number, string> = {
  400: 'Invalid request: malformed JSON, a missing, unknown or invalid field (see `errors`)',
  401: 'Missing, expired or invalid bearer token',
  403: "The caller's role may not do this, or a customer reached for another customer's data",
  404: 'Not found',
  409: 'Conflict with the current state (or an Idempotency-Key request still in progress)',
  413: 'Body too large',
  415: 'The body must be application/json',
  422: 'Unknown referenced id, a request that cannot apply, or an Idempotency-Key reused with another body',
};

function parametersOf(route: RouteDefinition): JsonSchema[] {
  const fromObject = (schema: z.ZodObject | undefined, where: 'path' | 'query') => {
    if (!schema) return [];
    const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      schema: property,
    }));
  };
  return [
    ...fromObject(route.params, 'path'),
    ...fromObject(route.query, 'query'),
    ...(route.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Makes a retry safe: the same key with the same body returns the first response (header `idempotent-replayed: true`) and writes nothing; the same key with another body is refused with 422. Keys are scoped to the caller and kept 24 hours.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ]
      : []),
    {
      name: 'x-correlation-id',
      in: 'header',
      required: false,
      description: 'Carried into logs and into the events this request causes; echoed in the response. Defaults to the request id.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$' },
    },
  ];
}

function operationOf(route: RouteDefinition): JsonSchema {
  const secured = route.auth !== 'public';
  const problem = { 'application/problem+json': { schema: { $ref: componentUri(z.globalRegistry.get(Problem)!.id!) } } };
  const errorStatuses = [...route.errors, ...(secured ? [401, 403] : [])].sort();
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    description: secured ? `Roles: ${(route.auth as readonly string[]).join(', ')}.` : 'No authentication.',
    ...(secured ? { security: [{ bearer: [] }] } : { security: [] }),
    parameters: parametersOf(route),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } } : {}),
    responses: {
      [route.success.status]: { description: route.success.description, content: { 'application/json': { schema: schemaOf(route.success.schema, 'output') } } },
      ...Object.fromEntries(errorStatuses.map((status) => [status, { description: statusTexts[status] ?? 'Error', content: problem }])),
    },
  };
}

export function buildOpenApiDocument(options: { serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes as readonly RouteDefinition[]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  }
  // Keep only the components the document uses, each in the direction it is used in.
  const inputs = components('input');
  const outputs = components('output');
  const requestIds = referencedIds(Object.values(paths).flatMap((p) => Object.values(p).map((op) => [op.requestBody, op.parameters])), inputs);
  const responseIds = referencedIds(Object.values(paths).flatMap((p) => Object.values(p).map((op) => op.responses)), outputs);
  const schemas = Object.fromEntries(
    [...new Set([...requestIds, ...responseIds])].sort().map((id) => [id, responseIds.has(id) ? outputs[id]! : inputs[id]!]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Support backend API',
      version: apiVersion,
      description: [
        'One customer profile across every channel, cases, and the handoff view for the next agent.',
        `Authentication: a bearer JWT from the client's identity provider; roles (${roles.join(', ')}) come from its role claim. A customer only sees their own profile, timeline and cases.`,
        'Errors are RFC 9457 `application/problem+json` naming the offending fields; a refused request writes nothing. Every POST accepts an `Idempotency-Key`.',
        'On AWS, a refused token gets API Gateway\'s own 401 body (`{"message":"Unauthorized"}`); the local runtime answers problem+json.',
      ].join('\n\n'),
    },
    servers: [{ url: options.serverUrl ?? 'http://localhost:3000' }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas,
    },
  };
}
