import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { required } from '../../commons/settings';
import type { RefusedEvent } from '../../domain/outbox-event';
import { sqsClient } from './client';

/**
 * Puts events the bus refused for good on the stream failure queue, ten per call: the same queue
 * that receives Lambda's on-failure records for the table stream (docs/runbook.md says how to
 * replay both). A message that cannot be queued throws, so the relay retries its record.
 */
export async function sendToStreamFailureQueue(events: readonly RefusedEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10);
    const { Failed = [] } = await sqsClient.send(
      new SendMessageBatchCommand({
        QueueUrl: required('STREAM_FAILURE_QUEUE_URL'),
        Entries: batch.map((event, j) => ({ Id: String(j), MessageBody: JSON.stringify(event) })),
      }),
    );
    if (Failed.length) throw new Error(`Could not queue ${Failed.length} refused events: ${Failed[0]!.Message ?? Failed[0]!.Code}`);
  }
}
