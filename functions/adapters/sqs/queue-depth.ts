import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { required } from '../../commons/settings';
import type { WorkQueue } from '../../definition/queues';
import type { QueueDepth } from '../../use-cases/ports/queues';
import { sqsClient } from './client';

/** A work queue's live depth: messages waiting, and messages a worker holds (in flight). */
export async function queueDepth(queue: WorkQueue): Promise<QueueDepth> {
  const { Attributes = {} } = await sqsClient.send(
    new GetQueueAttributesCommand({
      QueueUrl: required('QUEUE_URLS')[queue],
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return { waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
}
