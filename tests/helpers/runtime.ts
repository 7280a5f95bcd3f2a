import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { ClientConfig } from '../../lib/config/client-config';
import { loadClientConfig } from '../../lib/config/load-client-configs';
import { clientFile } from '../../local/paths';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../local/runtime';
import { contractViolation, routeOf, unroutedViolation } from './contract';

export const demoConfig: ClientConfig = loadClientConfig(clientFile('demo'));

/** The demo's business hours, open around the clock: a test that opens cases or books callbacks runs the same whenever the suite runs. */
export const alwaysOpenHours: ClientConfig['businessHours'] = {
  ...demoConfig.businessHours,
  weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => [day, [['00:00', '24:00']]])),
  publicHolidays: 'none',
};

const testRateLimits: ClientConfig['rateLimits'] = {
  ...demoConfig.rateLimits,
  public: 100_000,
  roles: { ...demoConfig.rateLimits.roles, customer: 100_000 },
};

/**
 * The local runtime for end-to-end tests: the real handlers behind the local gateway, on the
 * DynamoDB Local and SQS emulator the test run started, with tables of its own.
 */
export async function startTestRuntime(
  overrides: Partial<ClientConfig> = {},
  options: { throttling?: boolean; log?: (line: string) => void; devKeysFile?: string; access?: LocalRuntimeOptions['access']; uiDir?: string } = {},
): Promise<LocalRuntime> {
  const runtime = await startLocalRuntime({
    // A test file sends many public and customer calls from one address within seconds: counted
    // as always, but under limits no test reaches by accident (tests/e2e/rate-limits.test.ts sets
    // its own to reach them).
    config: { ...demoConfig, rateLimits: testRateLimits, ...overrides },
    port: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    namePrefix: `e2e-${randomBytes(4).toString('hex')}`,
    throttling: options.throttling ?? false,
    // Tests run the SLA monitor on demand (runSchedule), at the instants they choose.
    schedules: false,
    webhookRetryBaseSeconds: 1,
    ...(options.log ? { log: options.log } : {}),
    // A test that signs tokens of its own reads the same key file (loadDevKeys).
    ...(options.devKeysFile ? { devKeysFile: options.devKeysFile } : {}),
    // A test taking a grant away (tests/e2e/local-iam.test.ts).
    ...(options.access ? { access: options.access } : {}),
    // The front ends' build, served under /ui/ (tests/browser).
    ...(options.uiDir ? { uiDir: options.uiDir } : {}),
  });
  // A call the synthesized role refused is a missing grant, even where the handler hid the error
  // (a worker that retries, a best-effort read): the file fails at stop, naming it. Only a test
  // that took a grant away expects refusals.
  const stop = runtime.stop;
  runtime.stop = async () => {
    const refused = runtime.accessRefusals();
    await stop();
    if (refused.length > 0 && !options.access)
      throw new Error(`The local runtime refused calls the roles do not allow:\n${refused.map((r) => r.message).join('\n')}`);
  };
  return runtime;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A small HTTP client over real sockets, as a front end would call the API; it fails on any
 * response that breaks the OpenAPI contract (`contract: false` only for gateway tests whose
 * stand-in handlers are not the real ones).
 */
export function apiClient(baseUrl: string, options: { contract?: boolean } = {}) {
  const checkContract = options.contract ?? true;
  async function call<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    // Every response of the e2e suite is held to the route's OpenAPI contract (tests/helpers/contract.ts).
    const received = { status: response.status, contentType: response.headers.get('content-type'), body: parsed };
    const route = routeOf(method, path);
    const violation = !checkContract ? undefined : route ? contractViolation(route, received) : unroutedViolation(`${method} ${path}`, received);
    if (violation) throw new Error(`Contract broken: ${violation}`);
    return { status: response.status, headers: response.headers, body: parsed };
  }
  return {
    get: <T = any>(path: string, token?: string, headers?: Record<string, string>) =>
      call<T>('GET', path, { ...(token ? { token } : {}), ...(headers ? { headers } : {}) }),
    post: <T = any>(path: string, body: unknown, token?: string, headers?: Record<string, string>) =>
      call<T>('POST', path, { body, ...(token ? { token } : {}), ...(headers ? { headers } : {}) }),
    patch: <T = any>(path: string, body: unknown, token?: string) => call<T>('PATCH', path, { body, ...(token ? { token } : {}) }),
    put: <T = any>(path: string, body: unknown, token?: string) => call<T>('PUT', path, { body, ...(token ? { token } : {}) }),
    delete: <T = any>(path: string, token?: string) => call<T>('DELETE', path, { ...(token ? { token } : {}) }),
    call,
  };
}
