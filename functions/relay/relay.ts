import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { maxEntriesPerCall, type PublishBatch } from '../adapters/eventbridge/event-publisher';
import type { OutboxEvent } from '../adapters/dynamodb/outbox';
import type { EventMetadata } from '../domain/events';

export interface RelayReport {
  published: number;
  failed: number;
  response: DynamoDBBatchResponse;
}

/**
 * The outbox relay: turns committed writes that carry a new `outbox` event into EventBridge
 * entries and publishes them in order, 10 per call.
 *
 * On the first entry that fails (an entry refused in a partial failure, or the whole call
 * failing because the bus is unreachable) it stops and reports that record as the batch item
 * failure: Lambda then checkpoints just before it and retries from there, so nothing after a
 * failure is skipped. Records before it may be published twice on a retry: delivery is
 * at-least-once and consumers drop duplicates by `detail.metadata.eventId`.
 */
export async function relay(
  records: readonly DynamoDBRecord[],
  publish: PublishBatch,
  context: { busName: string; clientId: string; onFailure?: (detail: Record<string, unknown>) => void },
): Promise<RelayReport> {
  const pending = records.flatMap((record) => {
    const event = newOutboxEvent(record);
    return event && record.dynamodb?.SequenceNumber ? [{ sequenceNumber: record.dynamodb.SequenceNumber, event }] : [];
  });
  let published = 0;
  for (let start = 0; start < pending.length; start += maxEntriesPerCall) {
    const chunk = pending.slice(start, start + maxEntriesPerCall);
    const entries = chunk.map(({ event }) => toEntry(event, context));
    let outcomes;
    try {
      outcomes = await publish(entries);
    } catch (error) {
      context.onFailure?.({ reason: 'PutEvents failed', error: (error as Error).name, pending: pending.length - published });
      return failedFrom(chunk[0]!.sequenceNumber, published, pending.length);
    }
    const firstFailure = outcomes.findIndex((outcome) => !outcome.ok);
    if (firstFailure >= 0) {
      const outcome = outcomes[firstFailure] as { errorCode: string; errorMessage: string };
      context.onFailure?.({ reason: 'PutEvents entry refused', errorCode: outcome.errorCode, eventId: chunk[firstFailure]!.event.eventId });
      return failedFrom(chunk[firstFailure]!.sequenceNumber, published + firstFailure, pending.length);
    }
    published += chunk.length;
  }
  return { published, failed: 0, response: { batchItemFailures: [] } };
}

function failedFrom(sequenceNumber: string, published: number, total: number): RelayReport {
  return { published, failed: total - published, response: { batchItemFailures: [{ itemIdentifier: sequenceNumber }] } };
}

/**
 * The event a stream record asks to publish, if any. An item keeps its last `outbox` until a
 * later write replaces or removes it, so an event is new only when its id differs from the
 * old image's: a write that changes something else never republishes an old event.
 */
export function newOutboxEvent(record: DynamoDBRecord): OutboxEvent | undefined {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return undefined;
  const next = outboxOf(record.dynamodb?.NewImage);
  if (!next) return undefined;
  return outboxOf(record.dynamodb?.OldImage)?.eventId === next.eventId ? undefined : next;
}

function outboxOf(image: Record<string, unknown> | undefined): OutboxEvent | undefined {
  if (!image || !image.outbox) return undefined;
  const { outbox } = unmarshall({ outbox: image.outbox as AttributeValue });
  return outbox && typeof outbox.eventId === 'string' ? (outbox as OutboxEvent) : undefined;
}

function toEntry(event: OutboxEvent, context: { busName: string; clientId: string }): PutEventsRequestEntry {
  const metadata: EventMetadata = {
    eventId: event.eventId,
    eventType: event.eventType,
    occurredAt: event.occurredAt,
    clientId: context.clientId,
    correlationId: event.correlationId,
  };
  return {
    EventBusName: context.busName,
    Source: event.source,
    DetailType: event.eventType,
    Time: new Date(event.occurredAt),
    Detail: JSON.stringify({ metadata, data: event.data }),
  };
}
