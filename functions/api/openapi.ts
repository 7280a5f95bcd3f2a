import type { z } from 'zod';
import { httpHandler } from '../commons/http/http-handler';
import type { OpenApiDocument } from '../contracts';
import { buildOpenApiDocument } from '../definition/openapi-document';

// Built once per cold start from the same zod schemas that validate requests.
const document = buildOpenApiDocument();

export const handler = httpHandler('GET /openapi.json', async ({ event }) => {
  // Its schema promises only an OpenAPI version and more (the document describes itself).
  const body: z.output<typeof OpenApiDocument> = {
    ...document,
    // API Gateway sets x-forwarded-proto (https); the local gateway serves plain http.
    servers: [{ url: `${event.headers['x-forwarded-proto'] ?? 'http'}://${event.requestContext.domainName}` }],
  };
  return { status: 200, body, headers: { 'cache-control': 'public, max-age=300' } };
});
