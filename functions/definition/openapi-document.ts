import * as z from 'zod/mini';
import { asSchema, type JsonSchema, type SchemaIo, toJsonSchema } from './json-schema';
import { type HttpMethod, idempotencyKeyMaxLength, maxBodyBytes, type RouteDefinition, routes } from './routes';
import { roles } from '../domain/roles';
import { Problem } from '../contracts';

/**
 * The OpenAPI 3.1 document, built only from the route declaration (functions/definition/routes.ts) and
 * the zod schemas that validate requests, so the API and its description cannot drift. Served by
 * `GET /openapi.json` (built once per cold start) and written to docs/openapi.json by
 * `npm run docs`. The output is deterministic: the same code always gives the same document.
 */

/** Bump on every change a client can see; additive changes bump the minor version. */
export const apiVersion = '1.0.0';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description?: string }[];
  tags: { name: string }[];
  paths: Record<string, PathItem>;
  components: { securitySchemes: { bearer: SecurityScheme }; schemas: Record<string, JsonSchema> };
}

export type PathItem = Partial<Record<Lowercase<HttpMethod>, Operation>>;

export interface Operation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security?: { bearer: string[] }[];
  parameters: Parameter[];
  requestBody?: { required: true; content: Record<string, MediaType> };
  responses: Record<string, OperationResponse>;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OperationResponse {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, MediaType>;
}

interface MediaType {
  schema: JsonSchema;
}

interface SecurityScheme {
  type: 'http';
  scheme: 'bearer';
  bearerFormat: 'JWT';
  description: string;
}

export function buildOpenApiDocument(options: { serverUrl?: string } = {}): OpenApiDocument {
  const components = new SchemaComponents();
  const problem = components.use(Problem, 'output', 'problem+json');
  const paths: Record<string, PathItem> = {};
  for (const route of declaredRoutes) {
    paths[route.path] ??= {};
    paths[route.path]![lowerCase(route.method)] = operationOf(route, components, problem);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Support backend API', version: apiVersion, description: apiDescription() },
    servers: [options.serverUrl ? { url: options.serverUrl } : { url: 'http://localhost:3000', description: 'The local runtime (`npm start`)' }],
    tags: [...new Set(declaredRoutes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A JWT from the client's identity provider; its role claim gives the caller's roles.",
        },
      },
      schemas: components.sorted(),
    },
  };
}

// `routes` is declared `as const` for the handlers' types; here every route is read the same way.
const declaredRoutes: readonly RouteDefinition[] = routes;

const lowerCase = (method: HttpMethod) => method.toLowerCase() as Lowercase<HttpMethod>;

const componentPrefix = '#/components/schemas/';

/**
 * The named schemas (`.meta({ id })`) of the document. Each route schema is converted on its own
 * (requests as input, responses as output); zod puts the named schemas it meets under `$defs`,
 * and they move here, with their `$ref`s pointing at `components.schemas`.
 */
class SchemaComponents {
  private readonly schemas = new Map<string, { schema: JsonSchema; json: string; usedBy: string }>();

  /** The schema for an operation: a `$ref` when it is named, inline otherwise. */
  use(schema: z.ZodMiniType, io: SchemaIo, subject: string): JsonSchema {
    const { $schema: _dialect, $defs = {}, ...root } = toJsonSchema(schema, io, subject);
    for (const [id, definition] of Object.entries($defs)) this.add(id, pointDefsAtComponents(definition), subject);
    return pointDefsAtComponents(root);
  }

  /** By id: the order they were met in would shift whenever a route is added. */
  sorted(): Record<string, JsonSchema> {
    const ids = [...this.schemas.keys()].sort();
    return Object.fromEntries(ids.map((id) => [id, this.schemas.get(id)?.schema ?? {}]));
  }

  private add(id: string, schema: JsonSchema, subject: string): void {
    // zod names an unnamed recursive schema `__schema0`, a name that means nothing to a client.
    if (id.startsWith('__')) throw new Error(`${subject}: a recursive schema needs a name, give it .meta({ id })`);
    const json = JSON.stringify(schema);
    const known = this.schemas.get(id);
    // The same named schema can read differently as input and as output (a transform, a default).
    if (known && known.json !== json) {
      throw new Error(`Component ${id} differs between ${known.usedBy} and ${subject}: name each side on its own .meta({ id })`);
    }
    if (!known) this.schemas.set(id, { schema, json, usedBy: subject });
  }
}

/** Rewrites zod's `#/$defs/Id` references (in place: the schema was just generated) to the components. */
function pointDefsAtComponents(schema: JsonSchema): JsonSchema {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string') value[key] = child.replace(/^#\/\$defs\//, componentPrefix);
        else visit(child);
      }
    }
  };
  visit(schema);
  return schema;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function operationOf(route: RouteDefinition, components: SchemaComponents, problem: JsonSchema): Operation {
  const subject = `${route.method} ${route.path}`;
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: operationDescription(route),
    tags: [route.tag],
    ...(isPublic(route) ? {} : { security: [{ bearer: [...(route.scopes ?? [])] }] }),
    parameters: [
      ...schemaParameters(route.params, 'path', `${subject} path`),
      ...schemaParameters(route.query, 'query', `${subject} query`),
      ...(route.idempotent ? [idempotencyKeyParameter] : []),
      correlationIdParameter,
    ],
    ...(route.body && {
      requestBody: { required: true, content: { 'application/json': { schema: components.use(route.body, 'input', `${subject} body`) } } },
    }),
    responses: {
      ...successResponses(route, components.use(route.success.schema, 'output', `${subject} response`)),
      ...errorResponses(route, problem),
    },
  };
}

const isPublic = (route: RouteDefinition) => route.auth === 'public';

const allowsCustomers = (route: RouteDefinition) => route.auth !== 'public' && route.auth.includes('customer');

function operationDescription(route: RouteDefinition): string {
  const access =
    route.auth === 'public'
      ? 'Public: no token needed.'
      : `Roles: ${route.auth.join(', ')}.${allowsCustomers(route) ? ' A caller with the customer role acts only on their own profile and cases.' : ''}`;
  return [
    access,
    // Parameters lose the object they came from: its description (e.g. which combinations are allowed) is said here.
    descriptionOf(route.params),
    descriptionOf(route.query),
    route.idempotent ? 'Send an `Idempotency-Key` header to make retries safe.' : undefined,
  ]
    .filter((line) => line !== undefined)
    .join('\n\n');
}

function descriptionOf(schema: z.ZodMiniType | undefined): string | undefined {
  return schema && z.globalRegistry.get(schema)?.description;
}

/**
 * Path and query parameters, one per property of the route's z.object. A property's description
 * moves to the parameter, where OpenAPI tools show it.
 */
function schemaParameters(schema: z.ZodMiniObject | undefined, location: 'path' | 'query', subject: string): Parameter[] {
  if (!schema) return [];
  const json = toJsonSchema(schema, 'input', subject);
  if (json.$ref || json.$defs) throw new Error(`${subject}: parameters come from a plain z.object of strings and numbers, without named parts`);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = asSchema(property);
    return {
      name,
      in: location,
      // OpenAPI requires every path parameter to be required.
      required: location === 'path' || (json.required ?? []).includes(name),
      ...(description !== undefined && { description }),
      schema: propertySchema,
    };
  });
}

const idempotencyKeyParameter: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: [
    'Makes a retry safe, e.g. a unique id per user action (a UUID).',
    'The same key with the same body returns the first response again (with `idempotent-replayed: true`) and writes nothing;',
    'the same key with another body is refused with 422; while the first request runs, a retry gets 409.',
    'Keys are scoped to the caller (token issuer, subject and roles), the method and the path, and kept 24 hours.',
    'Only successes are kept: after a refusal (4xx) or an error, a retry with the same key runs again, corrected or not, against the state it finds.',
    `An empty key, or one over ${idempotencyKeyMaxLength} characters, is refused with 400.`,
  ].join(' '),
  schema: { type: 'string', minLength: 1, maxLength: idempotencyKeyMaxLength },
};

// The pattern functions/commons/http/responses.ts accepts; another value is replaced by the request id.
const correlationIdSchema: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$' };

const correlationIdParameter: Parameter = {
  name: 'x-correlation-id',
  in: 'header',
  required: false,
  description:
    'Your id for this request: it is echoed in the response, written in the logs and carried by the events the request causes. Defaults to the API request id.',
  schema: correlationIdSchema,
};

function successHeaders(route: RouteDefinition): NonNullable<OperationResponse['headers']> {
  return {
    'x-correlation-id': { description: 'The request’s correlation id (yours, or the API request id).', schema: correlationIdSchema },
    ...(route.idempotent && {
      'idempotent-replayed': {
        description: 'Present (`true`) when this is the stored first response to the same `Idempotency-Key`.',
        schema: { const: 'true' },
      },
    }),
  };
}

/** `success` and each of `alsoSuccess`, with the same body schema. */
function successResponses(route: RouteDefinition, schema: JsonSchema): Record<string, OperationResponse> {
  const successes = [route.success, ...(route.alsoSuccess ?? [])];
  return Object.fromEntries(
    successes.map(({ status, description }) => [status, { description, headers: successHeaders(route), content: { 'application/json': { schema } } }]),
  );
}

type ErrorStatus = RouteDefinition['errors'][number] | 401 | 403 | 429;

/**
 * Statuses the shared HTTP pipeline (functions/commons/http) can answer on any route of this
 * shape, whether or not the route lists them: validation, body reading, the token, the
 * Idempotency-Key, the per-caller rate limit (every route: public ones count addresses, the
 * others customers, and staff roles when the client config gives them a limit). Routes list the
 * statuses their use case adds.
 */
function pipelineStatuses(route: RouteDefinition): ErrorStatus[] {
  const statuses: ErrorStatus[] = [];
  if (route.params || route.query || route.body) statuses.push(400);
  if (route.body) statuses.push(413, 415);
  if (!isPublic(route)) statuses.push(401, 403);
  if (route.idempotent) statuses.push(409, 422);
  // Stage throttling (and per-caller limits) apply to every route.
  statuses.push(429);
  return statuses;
}

function errorResponses(route: RouteDefinition, problem: JsonSchema): Record<string, OperationResponse> {
  const statuses = [...new Set([...route.errors, ...pipelineStatuses(route)])].sort((a, b) => a - b);
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: errorDescription(route, status),
        ...(status === 429 && { headers: { 'retry-after': retryAfterHeader } }),
        content: { 'application/problem+json': { schema: problem } },
      },
    ]),
  );
}

// Clauses, joined with "or" when a status has several causes on a route.
const errorMeanings: Record<ErrorStatus, string> = {
  400: 'the request is invalid: malformed JSON, or a missing, unknown or invalid field or parameter (`errors` names each one)',
  401: 'the bearer token is missing, expired or invalid',
  403: "the token's roles don't allow this operation",
  404: 'what the request names (in the path or the body) does not exist',
  409: 'the request conflicts with the current state of what it changes',
  410: 'what the path names existed but is over for good (e.g. a survey link past its closing date)',
  413: `the body is larger than ${maxBodyBytes / 1024} KiB`,
  415: 'the body is not sent as `application/json` in UTF-8',
  422: 'the request is well formed but cannot be applied (e.g. it refers to an id that does not exist)',
  429: 'too many requests: this caller spent its requests of the current window (`rate-limited`: per customer, per source address on public operations), or the API throttling limit was reached; retry after the `retry-after` header',
};

const retryAfterHeader = {
  description: 'Seconds to wait before sending the request again (for `rate-limited`: until the current window ends). Every 429 carries it.',
  schema: { type: 'integer', minimum: 1 },
} satisfies NonNullable<OperationResponse['headers']>[string];

const idempotencyMeanings: Partial<Record<ErrorStatus, string>> = {
  409: 'a request with the same `Idempotency-Key` is still running (retry after the `retry-after` header)',
  422: 'the `Idempotency-Key` was already used with a different body',
};

const ownershipMeaning = "a customer reached for another customer's data";

function errorDescription(route: RouteDefinition, status: ErrorStatus): string {
  const idempotencyMeaning = route.idempotent ? idempotencyMeanings[status] : undefined;
  const declared = route.errors.some((declaredStatus) => declaredStatus === status);
  const clauses = [
    declared || !idempotencyMeaning ? errorMeanings[status] : undefined,
    idempotencyMeaning,
    status === 403 && allowsCustomers(route) ? ownershipMeaning : undefined,
  ].filter((clause) => clause !== undefined);
  const sentence = clauses.join(', or ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

function apiDescription(): string {
  const idempotent = declaredRoutes.filter((route) => route.idempotent).map((route) => `\`${route.operationId}\``);
  return [
    "The HTTP API of one client's support stack: one customer profile across every channel, cases, escalations, and the handoff view for the next agent.",
    `**Authentication.** Send \`Authorization: Bearer <JWT>\` from the client's identity provider. Its role claim gives the caller's roles (${roles.join(', ')}); each operation lists the roles it accepts. A customer only reaches their own profile, timeline and cases. On AWS, a missing or invalid token is refused by API Gateway itself, with \`{"message":"Unauthorized"}\` instead of problem+json.`,
    `**Idempotency.** ${idempotent.join(', ')} accept an \`Idempotency-Key\` header: a retry with the same key and the same body replays the first response and writes nothing; the same key with another body is refused with 422, and with 409 while the first request runs. Only successes are kept: a refused request (4xx) leaves the key free for a retry.`,
    '**Errors.** Every error is RFC 9457 `application/problem+json` (`type`, `title`, `status`, `detail`, and `errors` naming each offending field). A refused request changes nothing. Any operation may also answer 503 (busy): retry after the `retry-after` header.',
    '**Rate limits.** Each customer (all their tokens together), and each source address on public operations, may send a number of requests per window set by the client (by default 50 every 10 s); beyond it, 429 `rate-limited` with `retry-after` (the seconds until the window ends). Every operation may also answer 429 when the throttling limit of the whole API is reached; on AWS, API Gateway answers that one itself, with `{"message":"Too Many Requests"}` and no `retry-after`: back off and retry.',
    '**Tracing.** Send an `x-correlation-id` header to follow a request through the logs and the events it causes.',
  ].join('\n\n');
}
