import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod/mini';
import type { Fits, Same } from '../../contracts';
import type { Route, RouteDefinition } from '../../definition/routes';
import type { Principal } from '../../domain/roles';
import { logger, metrics } from '../powertools';
import { settings } from '../settings';
import type { Answer, idempotent, idempotentCall } from './idempotency';
import { type HttpEvent, principalFromClaims } from './principal';
import { problems } from './problem';
import { rateLimitMiddleware } from './rate-limit';
import { parseRequest } from './request';
import { toErrorResponse } from './error-response';
import { correlationIdOf, jsonResponse } from './responses';

/** A route's key, `'POST /cases'`: the types of a handler's request and result are derived from it. */
export type RouteKey<R extends Route = Route> = R extends Route ? `${R['method']} ${R['path']}` : never;

export type RouteFor<K extends string> = Route extends infer R ? (R extends Route ? (`${R['method']} ${R['path']}` extends K ? R : never) : never) : never;
type SuccessStatusOf<R extends Route> =
  | R['success']['status']
  | (R extends { alsoSuccess: readonly (infer A)[] } ? (A extends { status: infer S } ? S : never) : never);
type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

/** What a handler's use-case function receives: the validated parts of the request and the caller. */
export interface HttpRequest<R extends Route> {
  params: Parsed<R extends { params: infer S } ? S : undefined>;
  query: Parsed<R extends { query: infer S } ? S : undefined>;
  body: Parsed<R extends { body: infer S } ? S : undefined>;
  principal: R['auth'] extends 'public' ? undefined : Principal;
  correlationId: string;
  event: HttpEvent;
  /** The Lambda context (a batch route's per-item idempotency locks expire with its remaining time). */
  context: Context;
}

/** The use-case function a handler module gives the kit. */
export type RunRoute<K extends string, B> = (request: HttpRequest<RouteFor<K>>) => Promise<HttpResult<SuccessStatusOf<RouteFor<K>>, B>>;
/**
 * The use-case function of a route that takes an Idempotency-Key: its result says whose data the
 * response holds (`customerIds`, required so that each such route decides), since its stored
 * response is erased with them (./idempotency.ts, `Answer`).
 */
export type RunIdempotentRoute<K extends string, B> = (
  request: HttpRequest<RouteFor<K>>,
) => Promise<HttpResult<SuccessStatusOf<RouteFor<K>>, B> & { customerIds: readonly string[] }>;

export interface HttpResult<S extends number = number, B = unknown> {
  /** One of the route's documented success statuses (`success`, `alsoSuccess`): the compiler checks it. */
  status: S;
  /** Tied to the route's success schema: see `Tie`. */
  body: B;
  headers?: Record<string, string>;
  /** The customers whose data the body holds: required of an idempotent route (`RunIdempotentRoute`), unused by the others. */
  customerIds?: readonly string[];
}

/**
 * Whether the body a handler sends keeps its route's promise (`success.schema`): the schema's shape
 * field for field (`Same`), or, for a route whose `success.tie` is 'fits', every body valid and no
 * field undescribed (`Fits`). Checked by tsc at each `httpHandler` call (the handler module is where
 * the use case's result meets the route's schema: the contracts cannot import the use cases), so a field added to a
 * use case's result and not to its schema (or the other way round) fails the build, and the
 * OpenAPI document cannot promise what the API does not send.
 */
type Tie<R extends Route, B> = R['success'] extends { tie: 'fits' } ? Fits<z.output<R['success']['schema']>, B> : Same<z.output<R['success']['schema']>, B>;
/** Any body when the tie holds; else a type no body has, whose name says which route and what it documents (the compiler's error shows it). */
export type Tied<K extends string, B> =
  Tie<RouteFor<K>, B> extends true ? unknown : { brokenTie: { route: K; documents: z.output<RouteFor<K>['success']['schema']> } };

/**
 * Builds the Lambda handler for one route of the declaration (functions/definition/routes.ts): the route
 * gives the schemas to validate, the roles allowed and whether an Idempotency-Key applies, so a
 * handler module is just `httpHandler(route.openCase, (request) => ...)`. The module imports its
 * route constant, not the list, so its bundle carries its own route's schemas only.
 *
 * Order matters: Powertools logs and metrics around everything; errors become
 * problem+json; the caller is authorised, then counted against its rate limit (every authorised
 * request of a counted caller counts, valid or not), and the request validated before the idempotency
 * check, so a refused request neither runs nor leaves an idempotency record.
 *
 * A route that takes an Idempotency-Key is built by `idempotentHttpHandler`
 * (./idempotent-http-handler.ts) instead: only those bundles carry Powertools idempotency (about
 * 17 KB minified, with the bundles' JMESPath stand-in of lib/bundle-shims), not `/health` or a read.
 */
export function httpHandler<const R extends Exclude<Route, { idempotent: true }>, B extends Tied<RouteKey<R>, B>>(route: R, run: RunRoute<RouteKey<R>, B>) {
  return buildHttpHandler(route, run);
}

/** What `idempotentHttpHandler` lends the chain: the idempotency module, imported only by it. */
export interface Once {
  idempotent: typeof idempotent;
  idempotentCall: typeof idempotentCall;
}

/** The chain of `httpHandler`, with idempotency for the routes that declare it. Not for handler modules. */
export function buildHttpHandler<R extends Route, B>(
  route: R & RouteDefinition,
  run: RunRoute<RouteKey<R>, B> | RunIdempotentRoute<RouteKey<R>, B>,
  once?: Once,
) {
  type K = RouteKey<R>;
  if (Boolean(route.idempotent) !== Boolean(once)) {
    throw new Error(
      `${route.method} ${route.path} ${route.idempotent ? 'takes an Idempotency-Key: build it with idempotentHttpHandler' : 'is not idempotent: build it with httpHandler'}`,
    );
  }

  const answer = async (event: HttpEvent, context: Context): Promise<Answer> => {
    const { params, query, body } = parsedRequests.get(event) ?? parseRequest(route, event);
    const result = await run({
      params,
      query,
      body,
      principal: principals.get(event),
      correlationId: correlationIdOf(event),
      event,
      context,
    } as HttpRequest<RouteFor<K>>);
    metrics.addMetric('Succeeded', MetricUnit.Count, 1);
    return {
      response: jsonResponse(result.status, result.body, { ...result.headers, 'x-correlation-id': correlationIdOf(event) }),
      customerIds: result.customerIds ?? [],
    };
  };

  // onError hooks run in reverse order: the error becomes a problem response first, so its
  // metric is flushed by logMetrics and the log keys are still in place.
  const handler = middy<HttpEvent, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use({
      onError: (request) => {
        request.response = toErrorResponse(request.error, request.event, logger);
      },
    })
    .use({ before: (request) => authorise(route, request.event) })
    .use(rateLimitMiddleware({ principalOf: (event) => principals.get(event) }))
    .use({ before: (request) => void parsedRequests.set(request.event, parseRequest(route, request.event)) });
  if (!once) return handler.handler(async (event, context) => (await answer(event, context)).response);
  // Only the use case is wrapped (not a middleware around the chain), so that a refusal before it
  // runs, or a retry refused by idempotency itself, never touches another request's record.
  const handleOnce = once.idempotent(answer);
  return handler.handler((event, context) => {
    const { query, body } = parsedRequests.get(event) ?? parseRequest(route, event);
    return handleOnce(once.idempotentCall(event, principals.get(event), { query, body }), context);
  });
}

// Results of the `before` step, keyed by the event object so that the handler reads them back
// without re-parsing and without changing the event.
const principals = new WeakMap<HttpEvent, Principal>();
const parsedRequests = new WeakMap<HttpEvent, ReturnType<typeof parseRequest>>();

function authorise(route: RouteDefinition, event: HttpEvent): void {
  logger.appendKeys({ correlationId: correlationIdOf(event), route: `${route.method} ${route.path}` });
  if (route.auth !== 'public') {
    const { ROLE_CLAIM, CUSTOMER_ID_CLAIM } = settings();
    const principal = principalFromClaims(event.requestContext.authorizer?.jwt?.claims, {
      roleClaim: ROLE_CLAIM,
      customerIdClaim: CUSTOMER_ID_CLAIM,
    });
    if (!principal.roles.some((role) => route.auth.includes(role))) {
      throw problems.forbidden(`This operation needs one of the roles: ${route.auth.join(', ')}.`);
    }
    if (principal.roles.includes('customer') && principal.roles.length === 1 && !principal.customerId) {
      throw problems.forbidden('The token has the customer role but no customer id claim.');
    }
    principals.set(event, principal);
  }
}
