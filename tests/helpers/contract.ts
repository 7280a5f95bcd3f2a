import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod/mini';
import { Problem } from '../../functions/contracts';
import { problemTypeBase } from '../../functions/commons/http/problem';
import { buildOpenApiDocument } from '../../functions/definition/openapi-document';
import { type RouteDefinition, routeKey, routes } from '../../functions/definition/routes';

/**
 * The permanent guard of the API's contract: every response the e2e suite receives through
 * `apiClient` is checked against what the OpenAPI document promises for its route: the status is
 * one the operation documents (or 429/503, which the document allows on every operation), the
 * content type is JSON or problem+json accordingly, and the body matches the route's response
 * schema (or the Problem schema), with no field the schema does not describe and none it requires
 * missing. A problem's `status` member is the response's status, and its `type` is one that
 * docs/problems.md lists with that status. A route that starts answering an undocumented status,
 * a field nobody documented or an error type nobody listed fails the test that met it. A request
 * no route matches gets the gateway's 404, held to the same problem rules.
 */
const document = buildOpenApiDocument();
const declared: readonly RouteDefinition[] = routes;

/** Statuses the document allows on every operation (its description: throttling and busy). */
const anyOperation = [429, 503];

const matchers = declared.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** The declared route a request reached, if any (an unknown path is the gateway's 404, not a route's). */
export function routeOf(method: string, url: string): RouteDefinition | undefined {
  const path = new URL(url, 'http://localhost').pathname;
  return matchers.find(({ route, pattern }) => route.method === method && pattern.test(path))?.route;
}

/** The statuses the OpenAPI document lists for the route, plus those allowed on every operation. */
export function documentedStatuses(route: RouteDefinition): number[] {
  const operation = document.paths[route.path]?.[route.method.toLowerCase() as Lowercase<RouteDefinition['method']>];
  if (!operation) throw new Error(`${routeKey(route)} is not in the OpenAPI document`);
  return [...Object.keys(operation.responses).map(Number), ...anyOperation];
}

/** What is wrong with this response for the route, or undefined when it keeps the contract. */
export function contractViolation(route: RouteDefinition, response: { status: number; contentType: string | null; body: unknown }): string | undefined {
  const where = `${routeKey(route)} answered ${response.status}`;
  if (!documentedStatuses(route).includes(response.status))
    return `${where}, which its OpenAPI operation does not document (${documentedStatuses(route).join(', ')})`;
  const isError = response.status >= 400;
  const expectedType = isError ? 'application/problem+json' : 'application/json';
  if (!response.contentType?.startsWith(expectedType)) return `${where} with content-type ${response.contentType}, not ${expectedType}`;
  return (
    bodyViolation(where, isError ? Problem : route.success.schema, response.body) ??
    (isError ? problemMembersViolation(where, response.status, response.body) : undefined)
  );
}

/** What is wrong with an answer to a request no declared route matches: only the gateway's 404 problem is right. */
export function unroutedViolation(request: string, response: { status: number; contentType: string | null; body: unknown }): string | undefined {
  const where = `${request} (no route) answered ${response.status}`;
  if (response.status !== 404) return `${where}, where the gateway answers 404`;
  if (!response.contentType?.startsWith('application/problem+json')) return `${where} with content-type ${response.contentType}, not application/problem+json`;
  return bodyViolation(where, Problem, response.body) ?? problemMembersViolation(where, response.status, response.body);
}

/** The body parses with the schema (nothing required missing, nothing of the wrong type) and has no field it does not describe. */
function bodyViolation(where: string, schema: z.ZodMiniType, body: unknown): string | undefined {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return `${where} with a body its schema refuses: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ')}`;
  const undocumented = strippedPaths(body, parsed.data);
  if (undocumented.length > 0) return `${where} with fields its schema does not describe: ${undocumented.join(', ')}`;
  return undefined;
}

/**
 * The problem types docs/problems.md lists, with their status: its table's rows
 * (`| 409 | \`conflict\` | when |`). A type the API sends must be there, under the status it comes with.
 */
export const documentedProblems: ReadonlySet<string> = new Set(
  [...readFileSync(join(import.meta.dirname, '../../docs/problems.md'), 'utf8').matchAll(/^\| (\d{3}) \| `([a-z-]+)` \|/gm)].map(
    ([, status, slug]) => `${status} ${slug}`,
  ),
);

function problemMembersViolation(where: string, status: number, body: unknown): string | undefined {
  const problem = body as z.output<typeof Problem>;
  if (problem.status !== status) return `${where} with a problem whose status member is ${problem.status}`;
  const slug = problem.type.startsWith(problemTypeBase) ? problem.type.slice(problemTypeBase.length) : undefined;
  if (slug === undefined || !documentedProblems.has(`${status} ${slug}`))
    return `${where} with problem type ${problem.type}, which docs/problems.md does not list under ${status}`;
  return undefined;
}

/** Paths present in what was received but dropped by the schema's parse: fields nobody documented. */
function strippedPaths(received: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(received) && Array.isArray(parsed)) return received.flatMap((item, i) => strippedPaths(item, parsed[i], `${path}[${i}]`));
  if (!isRecord(received) || !isRecord(parsed)) return [];
  return Object.keys(received).flatMap((key) => {
    const child = path ? `${path}.${key}` : key;
    return key in parsed ? strippedPaths(received[key], parsed[key], child) : [child];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
