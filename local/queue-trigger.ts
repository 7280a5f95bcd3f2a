import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { localRegion } from './aws';

/**
 * What the Lambda SQS event source mapping does, against the SQS emulator: long-poll batches of
 * up to `batchSize`, with at most `maxConcurrency` invocations at once; delete what succeeded;
 * leave failures (partial batch response, or the whole batch if the handler throws) to come back
 * after the visibility timeout, and the queue's redrive policy moves them to the dead-letter
 * queue after maxReceiveCount.
 */
export interface QueueTriggerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  maxConcurrency: number;
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler may resolve to nothing, as the aws-lambda types say.
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  log?: (line: string) => void;
  /** Told the invocations running whenever that number changes (the runtime's process mirrors it). */
  onConcurrency?: (running: number) => void;
}

export interface QueueTrigger {
  /** Resolves when the queue has no visible or in-flight message and no batch is running. */
  idle(): Promise<void>;
  /** The most invocations seen running at once. */
  peakConcurrency(): number;
  /** The invocations running now. */
  concurrency(): number;
  /**
   * Holds (true) or resumes (false) polling, as disabling the event source mapping does: messages
   * wait in the queue; batches already running finish. Resolves once no poll or batch runs any more
   * (a poll under way may still receive a message and run it).
   */
  hold(held: boolean): Promise<void>;
  stop(): Promise<void>;
}

export function startQueueTrigger(options: QueueTriggerOptions): QueueTrigger {
  let running = true;
  let held = false;
  let inFlight = 0;
  let peak = 0;
  let parked = 0;
  const log = options.log ?? ((line: string) => console.warn(line));

  async function poller(): Promise<void> {
    while (running) {
      if (held) {
        parked++;
        await new Promise((resolve) => setTimeout(resolve, 100));
        parked--;
        continue;
      }
      let messages: Message[] = [];
      try {
        ({ Messages: messages = [] } = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: options.batchSize,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        ));
      } catch (error) {
        if (running) log(`queue trigger: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (messages.length === 0) continue;
      inFlight++;
      peak = Math.max(peak, inFlight);
      options.onConcurrency?.(inFlight);
      try {
        await invoke(messages);
      } finally {
        inFlight--;
        options.onConcurrency?.(inFlight);
      }
    }
  }

  async function invoke(messages: Message[]): Promise<void> {
    let failed = new Set<string>();
    try {
      const response = await options.handler({ Records: messages.map((message) => toRecord(message, options.queueArn)) });
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      log(`queue trigger: handler threw (${(error as Error).message}); the batch comes back after the visibility timeout`);
      return;
    }
    const done = messages.filter((message) => !failed.has(message.MessageId!));
    if (done.length) {
      await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
        }),
      );
    }
  }

  const pollers = Array.from({ length: options.maxConcurrency }, () => poller());

  return {
    peakConcurrency: () => peak,
    concurrency: () => inFlight,
    hold: async (value) => {
      held = value;
      while (held && running && parked < pollers.length) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    idle: async () => {
      for (;;) {
        const { Attributes = {} } = await options.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: options.queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        if (inFlight === 0 && Number(Attributes.ApproximateNumberOfMessages) === 0 && Number(Attributes.ApproximateNumberOfMessagesNotVisible) === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: async () => {
      running = false;
      await Promise.all(pollers);
    },
  };
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: localRegion,
  };
}
