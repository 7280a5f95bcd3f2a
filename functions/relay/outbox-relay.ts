import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventBridgePublisher } from '../adapters/eventbridge/event-publisher';
import { logger, metrics, tracer } from '../commons/powertools';
import { required, settings } from '../commons/settings';
import { relay } from './relay';

const publish = eventBridgePublisher();

/** Table stream → EventBridge. See relay.ts for the delivery guarantees. */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .handler(async (event) => {
    const report = await relay(event.Records, publish, {
      busName: required('EVENT_BUS_NAME'),
      clientId: settings().CLIENT_ID,
      onFailure: (detail) => logger.warn('Events not published yet; the batch will be retried from the first failure', detail),
    });
    metrics.addMetric('EventsPublished', MetricUnit.Count, report.published);
    if (report.failed) metrics.addMetric('EventsPublishRetried', MetricUnit.Count, report.failed);
    return report.response;
  });
