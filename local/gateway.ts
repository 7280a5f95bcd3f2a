import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { type FieldError, HttpProblem, problems } from '../functions/commons/http/problem';
import { parseQueryString, percentDecode } from '../functions/commons/http/query-string';
import type { CorsSettings } from '../lib/definition/cors';
import { type FunctionName, functions } from '../functions/definition/functions';
import { type RouteDefinition, routeKey } from '../functions/definition/routes';
import { lambdaContext } from './lambda-context';
import { jwtAuthorizer, type JwtAuthorizerSettings } from './jwt-authorizer';
import { type StaticFiles, serveStatic } from './static-files';

/**
 * The local HTTP gateway: what API Gateway (HTTP API, payload v2, JWT authorizer, CORS, stage
 * throttling) does in front of the same handlers. It matches the declared routes, verifies the
 * bearer token like the authorizer, builds the v2 event and invokes the route's handler
 * in-process.
 *
 * One deliberate difference: API Gateway answers what it refuses itself (a token, the throttle,
 * a malformed URL) with its own `{"message": ...}` body; locally the answer is problem+json with
 * the same status (the OpenAPI document notes it).
 */
export type HttpLambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LocalGatewayOptions {
  port: number;
  host?: string;
  routes: readonly RouteDefinition[];
  /** The handler of each route, by route key (`POST /interactions`). */
  handlerFor: (route: RouteDefinition) => HttpLambdaHandler;
  /** The JWT authorizer's configuration: the issuer's JWKS, the issuer, the audiences. */
  authorizer: JwtAuthorizerSettings;
  cors: CorsSettings;
  /** Stage throttling; `false` turns it off (load benchmarks measure the handlers, not the limit). */
  throttling: { rateLimit: number; burstLimit: number } | false;
  onRequest?: (line: { method: string; path: string; status: number; ms: number }) => void;
  /** The front ends' built files, served as CloudFront would (npm start and the browser tests). */
  staticFiles?: StaticFiles;
  /** Local-only JSON endpoints by `METHOD /path` (the dev sign-in's tokens, the console): never deployed. */
  localEndpoints?: Record<string, (url: URL) => Promise<unknown>>;
}

export interface LocalGateway {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/** API Gateway's payload limit for HTTP APIs. */
const maxPayloadBytes = 10 * 1024 * 1024;

export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const matchers = options.routes.map((route) => ({ route, ...compilePath(route.path) }));
  const bucket = options.throttling ? tokenBucket(options.throttling.rateLimit, options.throttling.burstLimit) : () => 0;
  const authorize = jwtAuthorizer(options.authorizer);

  const server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res)
      .catch((error: unknown) => {
        // A bug in the gateway itself, never in a handler (handlers map their own errors).
        console.error('local gateway error', error);
        sendProblem(res, new HttpProblem(500, 'internal-error', 'Internal error', 'The local gateway failed; see its log.'), {});
      })
      .finally(() =>
        // The path without its query string, as API Gateway's access log has the route, never the query (`?email=` is someone's address).
        options.onRequest?.({
          method: req.method ?? '',
          path: (req.url ?? '').split('?')[0]!,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        }),
      );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    const corsHeaders = origin && isAllowedOrigin(options.cors, origin) ? corsResponseHeaders(options.cors, origin) : {};

    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      return send(res, 204, { ...corsHeaders, ...(Object.keys(corsHeaders).length ? preflightHeaders(options.cors) : {}) }, '');
    }
    if (method === 'GET' && options.staticFiles && (await serveStatic(options.staticFiles, url.pathname, res, req.headers.host))) return;
    const local = options.localEndpoints?.[`${method} ${url.pathname}`];
    if (local) return send(res, 200, { 'content-type': 'application/json', ...corsHeaders }, JSON.stringify(await local(url)));
    const match = matchers.find((m) => m.route.method === method && m.regex.test(url.pathname));
    if (!match) return sendProblem(res, problems.notFound('Route', `${method} ${url.pathname}`), corsHeaders);
    const waitSeconds = bucket();
    if (waitSeconds > 0) return sendProblem(res, problems.tooManyRequests(waitSeconds), corsHeaders);

    const body = await readBody(req);
    if (body === undefined) return sendProblem(res, problems.tooLarge(maxPayloadBytes), corsHeaders);

    // A malformed percent-encoding (`%E0%A4%A`) never reaches a route's Lambda: a 400 naming the parameter.
    const pathParameters = match.params(url.pathname);
    const query = parseQueryString(url.search.slice(1));
    const malformed = [...pathParameters.malformed, ...query.malformed];
    if (malformed.length) return sendProblem(res, problems.validation(malformed), corsHeaders);

    let claims: JWTPayload | undefined;
    let scopes: string[] = [];
    if (match.route.auth !== 'public') {
      const authorization = await authorize(req.headers.authorization, match.route.scopes);
      if (!authorization.ok) {
        const refusal =
          authorization.status === 403
            ? problems.forbidden(`The token has none of the scopes this operation requires: ${match.route.scopes?.join(', ')}.`)
            : problems.unauthorized();
        return sendProblem(res, refusal, corsHeaders);
      }
      ({ claims, scopes } = authorization);
    }

    const event = buildEvent(req, url, match.route, pathParameters.values, query.values, body, claims, scopes);
    const result = await options.handlerFor(match.route)(event, lambdaContext(match.route.function, functions[match.route.function as FunctionName]));
    const headers = { ...result.headers, ...corsHeaders } as Record<string, string>;
    if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
    return send(res, result.statusCode ?? 200, headers, result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `/customers/{customerId}/timeline` → a regex and a function extracting `{ customerId }`. */
function compilePath(template: string) {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${source}$`);
  return {
    regex,
    params: (path: string) => {
      const raw = regex.exec(path)?.slice(1) ?? [];
      const values: Record<string, string> = {};
      const malformed: FieldError[] = [];
      names.forEach((name, index) => {
        const value = percentDecode(raw[index] ?? '');
        if (value === undefined) malformed.push({ field: name, message: 'malformed percent-encoding' });
        else values[name] = value;
      });
      return { values, malformed };
    },
  };
}

function buildEvent(
  req: IncomingMessage,
  url: URL,
  route: RouteDefinition,
  pathParameters: Record<string, string>,
  query: Record<string, string>,
  body: string,
  claims: JWTPayload | undefined,
  scopes: string[],
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = new Date();
  const key = routeKey(route);
  return {
    version: '2.0',
    routeKey: key,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    ...(body ? { body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ? authorizerClaims(claims) : {}, scopes } },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** HTTP API hands claims to Lambda as strings; arrays become `[a b]`. Reproduced so handlers see the same. */
function authorizerClaims(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxPayloadBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isAllowedOrigin(cors: CorsSettings, origin: string): boolean {
  return cors.allowOrigins.includes('*') || cors.allowOrigins.includes(origin);
}

function corsResponseHeaders(cors: CorsSettings, origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': cors.allowOrigins.includes('*') ? '*' : origin,
    'access-control-expose-headers': cors.exposeHeaders.join(','),
    vary: 'origin',
  };
}

function preflightHeaders(cors: CorsSettings): Record<string, string> {
  return {
    'access-control-allow-methods': cors.allowMethods.join(','),
    'access-control-allow-headers': cors.allowHeaders.join(','),
    'access-control-max-age': String(cors.maxAgeSeconds),
  };
}

/**
 * Stage throttling as API Gateway applies it: a token bucket of `burst`, refilled at `rate` per
 * second. Takes a token and answers 0, or answers the whole seconds until the next token (the
 * 429's Retry-After).
 */
function tokenBucket(rate: number, burst: number): () => number {
  let tokens = burst;
  let last = performance.now();
  return () => {
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate);
    last = now;
    if (tokens < 1) return Math.max(1, Math.ceil((1 - tokens) / rate));
    tokens -= 1;
    return 0;
  };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, headers);
  res.end(body);
}

function sendProblem(res: ServerResponse, problem: HttpProblem, corsHeaders: Record<string, string>): void {
  send(
    res,
    problem.status,
    { 'content-type': 'application/problem+json; charset=utf-8', ...problem.headers, ...corsHeaders },
    // `instance` is the request's path, as the handlers' problems give it (its raw form: it may not decode).
    JSON.stringify(problem.toBody((res.req.url ?? '/').split('?')[0])),
  );
}
