import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { required } from '../../commons/settings';
import type { AudienceDelivery, AudiencePage, DeferredDelivery, NotificationMessage } from '../../use-cases/ports/notifications';
import { sqsClient } from './client';

/**
 * The messages the notification worker and the dispatcher put on the notification queue
 * themselves (besides the bus events the rules route there): the worker validates them as it
 * validates events, so a message that lost a field is a counted failure, not a crash.
 */
export const NotificationQueueMessage = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('audience'),
    incidentId: z.string().check(z.minLength(1)),
    revision: z.int().check(z.gte(1)),
    from: z.enum(['segments', 'told']),
    position: z.int().check(z.gte(0)),
    cursor: z.optional(z.string()),
  }) satisfies z.ZodMiniType<AudiencePage>,
  z.object({
    kind: z.literal('deliver'),
    incidentId: z.string().check(z.minLength(1)),
    revision: z.int().check(z.gte(1)),
    customerIds: z.array(z.string().check(z.minLength(1))),
  }) satisfies z.ZodMiniType<AudienceDelivery>,
  z.object({ kind: z.literal('deferred'), notificationIds: z.array(z.string().check(z.minLength(1))) }) satisfies z.ZodMiniType<DeferredDelivery>,
]);
export type NotificationQueueMessage = NotificationMessage;

/** Puts messages on this worker's own queue, ten per call. */
export async function enqueueNotifications(messages: readonly NotificationMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    const { Failed = [] } = await sqsClient.send(
      new SendMessageBatchCommand({
        QueueUrl: required('QUEUE_URLS').notifications,
        Entries: batch.map((message, j) => ({ Id: String(j), MessageBody: JSON.stringify(message) })),
      }),
    );
    if (Failed.length) throw new Error(`Could not queue ${Failed.length} notification messages: ${Failed[0]!.Message ?? Failed[0]!.Code}`);
  }
}
