import { httpHandler } from '../commons/http/http-handler';
import { buildOpenApiDocument } from './openapi-document';

// Built once per cold start from the same zod schemas that validate requests.
const document = buildOpenApiDocument();

export const handler = httpHandler('GET /openapi.json', async ({ event }) => ({
  status: 200,
  body: { ...document, servers: [{ url: `https://${event.requestContext.domainName}` }] },
  headers: { 'cache-control': 'public, max-age=300' },
}));
