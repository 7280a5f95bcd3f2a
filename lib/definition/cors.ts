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

export function corsSettings(config: ClientConfig): CorsSettings {
  return {
    allowOrigins: config.cors.allowedOrigins,
    allowMethods: [...new Set(routes.map((route) => route.method))].sort(),
    allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
    exposeHeaders: ['x-correlation-id', 'idempotent-replayed', 'retry-after'],
    maxAgeSeconds: 600,
  };
}
