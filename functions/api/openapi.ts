import type { z } from 'zod/mini';
import document from '../../docs/openapi.json' with { type: 'json' };
import { httpHandler } from '../commons/http/http-handler';
import type { OpenApiDocument } from '../contracts';
import * as route from '../definition/routes';

// The document `npm run docs` generates from the same zod schemas that validate requests
// (functions/definition/openapi-document.ts; tests/unit/docs-up-to-date.test.ts fails when it is
// stale). Served as built rather than rebuilt at each cold start: building it needs zod's JSON
// Schema generator, which tripled this function's share of zod (about 320 KB minified) and its init time.
export const handler = httpHandler(route.openapi, async ({ event }) => {
  // Its schema promises only an OpenAPI version and more (the document describes itself).
  const body: z.output<typeof OpenApiDocument> = {
    ...document,
    // API Gateway sets x-forwarded-proto (https); the local gateway serves plain http.
    servers: [{ url: `${event.headers['x-forwarded-proto'] ?? 'http'}://${event.requestContext.domainName}` }],
  };
  return { status: 200, body, headers: { 'cache-control': 'public, max-age=300' } };
});
