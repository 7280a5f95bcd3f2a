import type { Route } from '../../definition/routes';
import { buildHttpHandler, type RouteKey, type RunIdempotentRoute, type Tied } from './http-handler';
import { idempotent, idempotentCall } from './idempotency';

/**
 * `httpHandler` for the routes that take an Idempotency-Key (`idempotent: true` in
 * functions/definition/routes.ts): the same chain, with the use case wrapped by Powertools
 * idempotency (./idempotency.ts). A module of its own so that only these routes' bundles carry
 * the idempotency package; tsc refuses `httpHandler` for such a route, and this one for another.
 * The use case's result names the customers whose data the response holds (`customerIds`): the
 * stored response is referenced under each, and their erasure deletes it.
 *
 * @example
 * export const handler = idempotentHttpHandler(route.openCase, async (request) => {
 *   const opened = await openCase(...);
 *   return { status: 201, body: opened, customerIds: [opened.customerId] };
 * });
 */
export function idempotentHttpHandler<const R extends Extract<Route, { idempotent: true }>, B extends Tied<RouteKey<R>, B>>(
  route: R,
  run: RunIdempotentRoute<RouteKey<R>, B>,
) {
  return buildHttpHandler(route, run, { idempotent, idempotentCall });
}
