import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { httpHandler } from '../commons/http/http-handler';
import { required } from '../commons/settings';
import type { EscalationQueue } from '../domain/escalations';
import { defaultDependencies } from '../use-cases/dependencies';
import { queueStatuses, queueStatusMaxAgeSeconds } from '../use-cases/queue-status';
import { sqsClient } from '../adapters/sqs/client';


async function depth(queue: EscalationQueue) {
  const { Attributes = {} } = await sqsClient.send(
    new GetQueueAttributesCommand({ QueueUrl: required('QUEUE_URLS')[queue], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

export const handler = httpHandler('GET /queues', async () => ({
  status: 200,
  body: await queueStatuses({ ...defaultDependencies(), depth }),
  headers: { 'cache-control': `private, max-age=${queueStatusMaxAgeSeconds}` },
}));
