import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { logger, metrics, tracer } from '../powertools';

/**
 * The middy chain every non-HTTP function starts with (queue workers, scheduled jobs, the outbox
 * relay), written once so that they cannot drift apart: the Lambda context in the logs, metrics
 * flushed after each invocation (with a cold-start metric), a trace segment without the response
 * (it can be large, and carries ids only by design, but nothing needs it in the trace).
 */
export function powertoolsChain<Event, Result>() {
  return middy<Event, Result>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }));
}
