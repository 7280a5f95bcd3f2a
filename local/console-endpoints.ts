import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WorkQueue } from '../functions/definition/queues';
import type { BusEvent } from './event-bus/local-event-bus';
import type { LocalQueue } from './queues';
import type { DeliveryRecord } from './webhook-receiver';

/**
 * What the local console shows (only in npm start, never deployed): the events the bus took,
 * each queue's depth, in-flight and dead letters, the webhooks the local receiver took. And the
 * one action it offers: move a queue's dead letters back to it (the console's "Start DLQ redrive"
 * on AWS), after the bug that sent them there is fixed.
 */
export interface ConsoleState {
  events: { id: string; time: string; source: string; detailType: string; detail: Readonly<Record<string, unknown>> }[];
  queues: { queue: WorkQueue; waiting: number; inFlight: number; deadLetters: number }[];
  webhooks: DeliveryRecord[];
}

/** The latest events shown, newest first. */
const eventsShown = 200;

export function consoleEndpoints(parts: { sqs: SQSClient; queues: Record<WorkQueue, LocalQueue>; events: () => BusEvent[]; webhooks: () => DeliveryRecord[] }) {
  const count = async (url: string) => {
    const { Attributes = {} } = await parts.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return { waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
  };
  return {
    'GET /_local/console': async (): Promise<ConsoleState> => ({
      events: parts
        .events()
        .slice(-eventsShown)
        .reverse()
        .map((event) => ({ id: event.id, time: event.time, source: event.source, detailType: event['detail-type'], detail: event.detail })),
      queues: await Promise.all(
        (Object.entries(parts.queues) as [WorkQueue, LocalQueue][]).map(async ([queue, local]) => {
          const [main, dead] = await Promise.all([count(local.url), count(local.deadLetterUrl)]);
          return { queue, ...main, deadLetters: dead.waiting + dead.inFlight };
        }),
      ),
      webhooks: [...parts.webhooks()].reverse(),
    }),
    /** Moves every dead letter of `?queue=` back to its queue, ten at a time; answers how many moved. */
    'POST /_local/redrive': async (url: URL): Promise<{ queue: string; moved: number }> => {
      const name = url.searchParams.get('queue') as WorkQueue;
      const local = parts.queues[name];
      if (!local) throw new Error(`No queue ${name}`);
      let moved = 0;
      for (;;) {
        const { Messages = [] } = await parts.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: local.deadLetterUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) return { queue: name, moved };
        await parts.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: local.url, Entries: Messages.map((message, i) => ({ Id: String(i), MessageBody: message.Body ?? '' })) }),
        );
        await parts.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: local.deadLetterUrl,
            Entries: Messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle! })),
          }),
        );
        moved += Messages.length;
      }
    },
  };
}
