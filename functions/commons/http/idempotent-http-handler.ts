import { buildHttpHandler, type IdempotentRouteKey, type RunRoute, type Tied } from './http-handler';
import { idempotent, idempotentCall } from './idempotency';

/**
 * `httpHandler` for the routes that take an Idempotency-Key (`idempotent: true` in
 * functions/definition/routes.ts): the same chain, with the use case wrapped by Powertools
 * idempotency (./idempotency.ts). A module of its own so that only these routes' bundles carry
 * the idempotency package; tsc refuses `httpHandler` for such a route, and this one for another.
 *
 * @example
 * export const handler = idempotentHttpHandler('POST /cases', (request) => openCase(...));
 */
export function idempotentHttpHandler<const K extends IdempotentRouteKey, B extends Tied<K, B>>(key: K, run: RunRoute<K, B>) {
  return buildHttpHandler(key, run, { idempotent, idempotentCall });
}
