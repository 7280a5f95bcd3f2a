import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type EscalationQueue, escalationQueues } from '../functions/domain/escalations';
import type { ClientConfig } from '../lib/config/client-config';

export interface LocalQueue {
  url: string;
  arn: string;
  deadLetterUrl: string;
  settings: ClientConfig['routing']['queues'][EscalationQueue];
}

/** The escalation queues of the client config, each with its dead-letter queue and redrive policy, in the SQS emulator. */
export async function createQueues(sqs: SQSClient, config: ClientConfig, prefix: string): Promise<Record<EscalationQueue, LocalQueue>> {
  const entries = await Promise.all(
    escalationQueues.map(async (queue) => {
      const settings = config.routing.queues[queue];
      const deadLetter = await create(sqs, `${prefix}-escalations-${queue}-dlq`, {});
      const main = await create(sqs, `${prefix}-escalations-${queue}`, {
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: settings.maxReceiveCount }),
      });
      return [queue, { url: main.url, arn: main.arn, deadLetterUrl: deadLetter.url, settings }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<EscalationQueue, LocalQueue>;
}

async function create(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}
