import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ClientConfig } from '../lib/config/client-config';
import { type QueueSettings, queueSettings, type WorkQueue, workQueues } from '../functions/definition/queues';

export interface LocalQueue {
  url: string;
  arn: string;
  deadLetterUrl: string;
  settings: QueueSettings;
}

/** The declared work queues, each with its dead-letter queue and redrive policy, in the SQS emulator. */
export async function createQueues(sqs: SQSClient, config: ClientConfig, prefix: string): Promise<Record<WorkQueue, LocalQueue>> {
  const settingsOf = queueSettings(config);
  const entries = await Promise.all(
    workQueues.map(async (queue) => {
      const settings = settingsOf[queue];
      const deadLetter = await create(sqs, `${prefix}-${queue}-dlq`, {});
      const main = await create(sqs, `${prefix}-${queue}`, {
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: settings.maxReceiveCount }),
      });
      return [queue, { url: main.url, arn: main.arn, deadLetterUrl: deadLetter.url, settings }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<WorkQueue, LocalQueue>;
}

/**
 * The stream failure queue, as the stack has it: no redrive (it is the end of the line). The relay
 * sends events the bus refused for good; the stream trigger, Lambda's on-failure records.
 */
export function createStreamFailureQueue(sqs: SQSClient, prefix: string): Promise<{ url: string; arn: string }> {
  return create(sqs, `${prefix}-stream-failures`, {});
}

async function create(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}
