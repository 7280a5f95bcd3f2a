import { httpHandler } from '../commons/http/http-handler';
import { buildOpenApiDocument } from '../definition/openapi-document';

// Built once per cold start from the same zod schemas that validate requests.
const document = buildOpenApiDocument();

export const handler = httpHandler('GET /openapi.json', async ({ event }) => ({
  status: 200,
  // API Gateway sets x-forwarded-proto (https); the local gateway serves plain http.
  body: { ...document, servers: [{ url: `${event.headers['x-forwarded-proto'] ?? 'http'}://${event.requestContext.domainName}` }] },
  headers: { 'cache-control': 'public, max-age=300' },
}));
