import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { logger, metrics } from '../powertools';

/**
 * The middy chain every non-HTTP function starts with (queue workers, scheduled jobs, the outbox
 * relay), written once so that they cannot drift apart: the Lambda context in the logs, metrics
 * flushed after each invocation (with a cold-start metric). Traces are Lambda's active tracing
 * (see ../powertools.ts for why there is no tracer middleware).
 */
export function powertoolsChain<Event, Result>() {
  return middy<Event, Result>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
