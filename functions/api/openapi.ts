import { brotliDecompressSync } from 'node:zlib';
import type { z } from 'zod/mini';
import { httpHandler } from '../commons/http/http-handler';
import type { OpenApiDocument } from '../contracts';
import * as route from '../definition/routes';

/**
 * The document, brotli-compressed and base64-encoded, that lib/bundling.ts embeds in the Lambda
 * bundles (esbuild `define`); undefined when the module runs from source (the local runtime, tests).
 */
declare const OPENAPI_DOCUMENT_BROTLI_BASE64: string | undefined;

// The document `npm run docs` generates from the same zod schemas that validate requests
// (functions/definition/openapi-document.ts; tests/unit/docs-up-to-date.test.ts fails when it is
// stale). Served as built rather than rebuilt at each cold start: building it needs zod's JSON
// Schema generator, which tripled this function's share of zod (about 320 KB minified) and its init time.
// Bundled as the JSON itself it weighed 260 KB of the bundle's JavaScript, parsed at every cold
// start; compressed it weighs 24 KB, and inflating and parsing it once at init takes about 2 ms.
// From source, esbuild's `define` has not run: the JSON is imported (that branch is dropped from bundles).
const document: z.output<typeof OpenApiDocument> =
  typeof OPENAPI_DOCUMENT_BROTLI_BASE64 === 'string'
    ? JSON.parse(brotliDecompressSync(Buffer.from(OPENAPI_DOCUMENT_BROTLI_BASE64, 'base64')).toString('utf8'))
    : (await import('../../docs/openapi.json', { with: { type: 'json' } })).default;

export const handler = httpHandler(route.openapi, async ({ event }) => {
  // Its schema promises only an OpenAPI version and more (the document describes itself).
  const body: z.output<typeof OpenApiDocument> = {
    ...document,
    // API Gateway sets x-forwarded-proto (https); the local gateway serves plain http.
    servers: [{ url: `${event.headers['x-forwarded-proto'] ?? 'http'}://${event.requestContext.domainName}` }],
  };
  return { status: 200, body, headers: { 'cache-control': 'public, max-age=300' } };
});
