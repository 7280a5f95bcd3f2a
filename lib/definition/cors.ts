import type { ClientConfig } from '../config/client-config';
import { routes } from '../../functions/definition/routes';

/**
 * The HTTP API's CORS settings, derived once from the client config and the routes: the stack
 * configures API Gateway with them and the local gateway answers preflights with them.
 */
export interface CorsSettings {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

/**
 * `frontEndOrigins`: the origin of the front ends the stack hosts (frontEnds), known only once the
 * distribution exists; locally the pages are served from the API's own origin and need none.
 */
export function corsSettings(config: ClientConfig, frontEndOrigins: readonly string[] = []): CorsSettings {
  return {
    allowOrigins: [...config.cors.allowedOrigins, ...frontEndOrigins],
    allowMethods: [...new Set(routes.map((route) => route.method))].sort(),
    allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
    exposeHeaders: ['x-correlation-id', 'idempotent-replayed', 'retry-after'],
    maxAgeSeconds: 600,
  };
}
