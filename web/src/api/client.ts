import createClient from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The typed API client every front end calls the backend through: openapi-fetch over the types
 * generated from the OpenAPI document (`npm run docs`). A brand's developers can use it as is.
 */
export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(baseUrl: string, token?: () => string | undefined) {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/$/, '') });
  client.use({
    onRequest({ request }) {
      const bearer = token?.();
      if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
      return request;
    },
  });
  return client;
}

/** An RFC 9457 problem as the API answers one: what a screen shows to a person. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/**
 * What to show for a failed call: the problem's `detail` (else its title), each field error next
 * to its field, and for 429 and 503 the hint to try again. Never raw JSON.
 */
export function problemOf(error: unknown, response: Response): Problem {
  const body = (typeof error === 'object' && error !== null ? error : {}) as Partial<Problem>;
  return {
    status: response.status,
    title: body.title ?? response.statusText ?? 'Error',
    ...(body.detail ? { detail: body.detail } : {}),
    ...(Array.isArray(body.errors) ? { errors: body.errors } : {}),
  };
}

export const retryable = (problem: Problem) => problem.status === 429 || problem.status === 503;
