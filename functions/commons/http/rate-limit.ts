import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { documentClient } from '../../adapters/dynamodb/client';
import { RateCounter } from '../../adapters/dynamodb/rate-counter';
import { type CountedCaller, countedCaller, type RateLimits, secondsUntil, windowOf } from '../../domain/rate-limits';
import type { Principal } from '../../domain/roles';
import { logger, metrics } from '../powertools';
import { required, settings } from '../settings';
import type { HttpEvent } from './principal';
import { problems } from './problem';

/** What the middleware counts with: the limits and a counter that takes one request of a caller. */
export interface Limiter {
  limits: RateLimits;
  counter: { take(caller: CountedCaller, window: { start: Date; end: Date }): Promise<boolean> };
}

export interface RateLimitOptions {
  /** The caller the authorisation step established; undefined on public routes (counted by address). */
  principalOf: (event: HttpEvent) => Principal | undefined;
  /** Default: the function's RATE_LIMITS and a counter on its data table; undefined counts nothing. */
  limiter?: () => Limiter | undefined;
  now?: () => Date;
}

/**
 * Per-caller rate limits (functions/domain/rate-limits.ts), before the request is validated or
 * runs: a counted caller over its window's limit gets 429 `rate-limited` with `Retry-After`
 * (seconds until the window ends), and nothing runs.
 *
 * It fails open: when the counter cannot be written (DynamoDB throttling, an outage, a timeout)
 * the request is served uncounted, with a `RateLimiterFailed` metric and a warning, because the
 * limiter going down must not take the API down with it.
 *
 * @example
 * middy<HttpEvent, APIGatewayProxyStructuredResultV2>().use(rateLimitMiddleware({ principalOf: (event) => principals.get(event) }))
 */
export function rateLimitMiddleware(options: RateLimitOptions): MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> {
  const limiter = options.limiter ?? limiterFromEnvironment;
  const now = options.now ?? (() => new Date());

  const rateLimitMiddlewareBefore = async (request: Request<HttpEvent, APIGatewayProxyStructuredResultV2>): Promise<void> => {
    const setup = limiter();
    if (!setup) return;
    const caller = countedCaller(setup.limits, options.principalOf(request.event), request.event.requestContext.http.sourceIp);
    if (!caller) return;
    const at = now();
    const window = windowOf(at, setup.limits.windowSeconds);
    let allowed: boolean;
    try {
      allowed = await setup.counter.take(caller, window);
    } catch (error) {
      metrics.addMetric('RateLimiterFailed', MetricUnit.Count, 1);
      logger.warn('Rate limiter unavailable: request served uncounted', {
        error: error instanceof Error ? error.name : String(error),
        callerKind: caller.kind,
      });
      return;
    }
    if (allowed) return;
    metrics.addMetric('RateLimited', MetricUnit.Count, 1);
    // Customer ids and subjects are ids, as logged elsewhere; an address is personal data and stays out.
    logger.info('Caller over its rate limit', {
      callerKind: caller.kind,
      ...(caller.kind === 'public' ? {} : { callerId: caller.id }),
      limit: caller.limit,
      window: window.start.toISOString(),
    });
    throw problems.rateLimited(secondsUntil(window.end, at), caller.limit, setup.limits.windowSeconds);
  };

  return { before: rateLimitMiddlewareBefore };
}

let fromEnvironment: Limiter | undefined;

/** Built once per cold start; a function deployed without the `rateLimit` access counts nothing. */
function limiterFromEnvironment(): Limiter | undefined {
  const { RATE_LIMITS: limits, RATE_LIMIT_TIMEOUT_MS: timeoutMs } = settings();
  if (!limits) return undefined;
  fromEnvironment ??= { limits, counter: new RateCounter(documentClient, required('TABLE_NAME'), timeoutMs) };
  return fromEnvironment;
}
