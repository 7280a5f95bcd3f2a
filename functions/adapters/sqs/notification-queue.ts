import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { required } from '../../commons/settings';
import type { NotificationMessage } from '../../use-cases/ports/notifications';
import { sqsClient } from './client';

/** Puts messages on this worker's own queue, ten per call. */
export async function enqueueNotifications(messages: readonly NotificationMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    const { Failed = [] } = await sqsClient.send(
      new SendMessageBatchCommand({ QueueUrl: required('QUEUE_URLS').notifications, Entries: batch.map((message, j) => ({ Id: String(j), MessageBody: JSON.stringify(message) })) }),
    );
    if (Failed.length) throw new Error(`Could not queue ${Failed.length} notification messages: ${Failed[0]!.Message ?? Failed[0]!.Code}`);
  }
}

