import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventBridgePublisher } from '../adapters/eventbridge/event-publisher';
import { sendToStreamFailureQueue } from '../adapters/sqs/stream-failure-queue';
import { logger, metrics } from '../commons/powertools';
import { required, settings } from '../commons/settings';
import { powertoolsChain } from '../commons/worker/chain';
import { relay, retryMarginMs } from './relay';

const publish = eventBridgePublisher();

/**
 * Table stream → EventBridge. See relay.ts for the delivery guarantees. Not an sqsWorker: a stream
 * batch is retried in order from the first record not published (relay.ts reports it), not
 * message by message; it shares only the Powertools chain.
 */
export const handler = powertoolsChain<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event, context) => {
  const report = await relay(event.Records, publish, {
    busName: required('EVENT_BUS_NAME'),
    clientId: settings().CLIENT_ID,
    refuse: sendToStreamFailureQueue,
    retryUntil: Date.now() + context.getRemainingTimeInMillis() - retryMarginMs,
    onFailure: (detail) => logger.warn('Events not published yet; retrying', detail),
    onRefused: (detail) => logger.error('Events refused by the bus for good: in the stream failure queue, see docs/runbook.md', detail),
  });
  metrics.addMetric('EventsPublished', MetricUnit.Count, report.published);
  if (report.failed) metrics.addMetric('EventsPublishRetried', MetricUnit.Count, report.failed);
  if (report.refused) metrics.addMetric('EventsRefused', MetricUnit.Count, report.refused);
  return report.response;
});
