import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger, metrics, tracer } from '../commons/powertools';
import { defaultDependencies } from '../wiring/dependencies';
import { checkSlas } from '../use-cases/sla';

/**
 * Runs every minute (functions/definition/functions.ts): a breach is acted on within a minute of its
 * due time. "Now" is the schedule's time, so a run that starts late still judges the minute it
 * was meant for, and the local runtime can run it for any instant.
 */
export const handler = middy<ScheduledEvent, { due: number; breached: number }>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .handler(async (event) => {
    const outcome = await checkSlas(defaultDependencies(), new Date(event.time), event.id);
    metrics.addMetric('SlaBreaches', MetricUnit.Count, outcome.breached);
    if (outcome.breached > 0) logger.info('SLA breaches acted on', outcome);
    return outcome;
  });
