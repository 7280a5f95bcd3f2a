import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { entrySize, maxBytesPerCall, maxEntriesPerCall, type PublishBatch } from '../adapters/eventbridge/event-publisher';
import type { OutboxEvent, RefusedEvent } from '../domain/outbox-event';
import type { EventMetadata } from '../domain/events';

export interface RelayReport {
  published: number;
  /** Events the bus refused for good, handed to the failure queue (not retried). */
  refused: number;
  /** Events left for Lambda to retry (a transient failure outlasted this invocation's retries). */
  failed: number;
  response: DynamoDBBatchResponse;
}

export interface RelayContext {
  busName: string;
  clientId: string;
  /** Hands refused events to the stream failure queue; a throw makes them retried instead. */
  refuse: (events: RefusedEvent[]) => Promise<void>;
  /** Transient failures are retried within this invocation until then (epoch ms); none if unset. */
  retryUntil?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  onFailure?: (detail: Record<string, unknown>) => void;
  onRefused?: (detail: Record<string, unknown>) => void;
}

/**
 * Per-entry error codes that say the entry itself is wrong (EventBridge API reference,
 * PutEventsResultEntry): sending it again can never succeed. Everything else is retried:
 * InternalFailure and ThrottlingException are transient by definition, and the authorization
 * and configuration refusals (AccessDeniedException, NotAuthorizedFor…, a missing bus) fail
 * every event alike and are fixed by a deployment, after which the retries deliver them.
 */
export const permanentEntryErrors: ReadonlySet<string> = new Set(['InvalidArgument', 'MalformedDetail', 'RedactionFailure']);

/**
 * Time the handler keeps out of an invocation's retries of a transient failure: for the last
 * PutEvents call, the failure queue and the response.
 */
export const retryMarginMs = 10_000;

/** The first delay between two attempts at a transient failure within one invocation; doubles, up to maxRetryDelayMs. */
const firstRetryDelayMs = 500;
const maxRetryDelayMs = 8_000;

interface Pending {
  record: DynamoDBRecord;
  sequenceNumber: string;
  event: OutboxEvent;
  entry: PutEventsRequestEntry;
}

/** The outcome of one PutEvents call for a chunk: how far it got, and why it stopped there. */
type ChunkResult = { done: number; refusals: RefusedEvent[]; stop?: { transient: true; detail: Record<string, unknown> } | { split: true } };

/**
 * The outbox relay: turns committed writes that carry a new `outbox` event into EventBridge
 * entries and publishes them in order, at most 10 and 256 KB per call.
 *
 * Two kinds of failure, handled apart (DESIGN principle 4: an accepted write's event is never lost):
 * - the bus refuses an entry for good (too large, malformed detail: see permanentEntryErrors):
 *   retrying would block the shard behind it until the record leaves the stream, so the event
 *   goes to the stream failure queue with the item's keys and the record's sequence number, and
 *   the relay goes on with the next record;
 * - anything else (bus unreachable, throttled, internal failure, not authorized) is transient:
 *   retried here with backoff until `retryUntil`, then the first unpublished record is reported as
 *   the batch item failure, so Lambda checkpoints just before it and retries from there. Lambda's
 *   retry attempts are bounded (functions/definition/functions.ts), but each attempt waits out the
 *   outage for most of the function's timeout, so together they outlast the stream's retention.
 * Records before a failure may be published twice on a retry: delivery is at-least-once and
 * consumers drop duplicates by `detail.metadata.eventId`.
 */
export async function relay(records: readonly DynamoDBRecord[], publish: PublishBatch, context: RelayContext): Promise<RelayReport> {
  const pending: Pending[] = records.flatMap((record) => {
    const event = newOutboxEvent(record);
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    return event && sequenceNumber ? [{ record, sequenceNumber, event, entry: toEntry(event, context) }] : [];
  });
  const sleep = context.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let published = 0;
  let refused = 0;
  let next = 0;
  let delay = firstRetryDelayMs;
  /** Entries from here up to `singlesUntil` go one per call: their chunk was refused as a whole. */
  let singlesUntil = 0;
  while (next < pending.length) {
    const chunk = nextChunk(pending, next, next < singlesUntil);
    const result = await publishChunk(chunk, publish, context);
    let refusedHere = 0;
    if (result.refusals.length > 0) {
      try {
        await context.refuse(result.refusals);
        refusedHere = result.refusals.length;
        context.onRefused?.({
          reason: 'PutEvents entry refused for good; sent to the stream failure queue',
          events: result.refusals.map(({ eventId, errorCode, keys }) => ({ eventId, errorCode, keys })),
        });
      } catch (error) {
        // Not in the failure queue, so not done: retried from the first of them, like a bus outage.
        const first = chunk.findIndex((p) => p.event.eventId === result.refusals[0]!.eventId);
        const stop = { transient: true as const, detail: { reason: 'failure queue unavailable', error: (error as Error).name } };
        Object.assign(result, { done: first, refusals: [], stop });
      }
    }
    published += result.done - refusedHere;
    refused += refusedHere;
    next += result.done;
    if (!result.stop) {
      delay = firstRetryDelayMs;
      continue;
    }
    if ('split' in result.stop) {
      singlesUntil = next + chunk.length;
      continue;
    }
    context.onFailure?.({ ...result.stop.detail, pending: pending.length - next });
    const now = Date.now();
    if (context.retryUntil === undefined || now + delay > context.retryUntil) {
      return { published, refused, failed: pending.length - next, response: { batchItemFailures: [{ itemIdentifier: pending[next]!.sequenceNumber }] } };
    }
    await sleep(delay);
    delay = Math.min(delay * 2, maxRetryDelayMs);
  }
  return { published, refused, failed: 0, response: { batchItemFailures: [] } };
}

/** The longest run of entries from `start` that one PutEvents call takes (10 entries, 256 KB); at least one. */
function nextChunk(pending: readonly Pending[], start: number, single: boolean): Pending[] {
  const chunk = [pending[start]!];
  let bytes = entrySize(pending[start]!.entry);
  for (let i = start + 1; !single && i < pending.length && chunk.length < maxEntriesPerCall; i++) {
    bytes += entrySize(pending[i]!.entry);
    if (bytes > maxBytesPerCall) break;
    chunk.push(pending[i]!);
  }
  return chunk;
}

/** One PutEvents call; walks the outcomes in order and stops at the first transient failure. */
async function publishChunk(chunk: readonly Pending[], publish: PublishBatch, context: RelayContext): Promise<ChunkResult> {
  const refusedAt = (context.now?.() ?? new Date()).toISOString();
  let outcomes: Awaited<ReturnType<PublishBatch>>;
  try {
    outcomes = await publish(chunk.map((p) => p.entry));
  } catch (error) {
    const name = (error as Error).name;
    // The whole call refused for what it carries (too large): alone, the entry is refused for good;
    // with others, each is sent alone to find which.
    if (name === 'ValidationException') {
      if (chunk.length > 1) return { done: 0, refusals: [], stop: { split: true } };
      return { done: 1, refusals: [refusal(chunk[0]!, name, (error as Error).message, refusedAt)] };
    }
    return { done: 0, refusals: [], stop: { transient: true, detail: { reason: 'PutEvents failed', error: name } } };
  }
  const refusals: RefusedEvent[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.ok) continue;
    if (permanentEntryErrors.has(outcome.errorCode)) {
      refusals.push(refusal(chunk[index]!, outcome.errorCode, outcome.errorMessage, refusedAt));
      continue;
    }
    return {
      done: index,
      refusals,
      stop: { transient: true, detail: { reason: 'PutEvents entry refused', errorCode: outcome.errorCode, eventId: chunk[index]!.event.eventId } },
    };
  }
  return { done: chunk.length, refusals };
}

function refusal(pending: Pending, errorCode: string, errorMessage: string, refusedAt: string): RefusedEvent {
  const { record, event, sequenceNumber } = pending;
  return {
    kind: 'EventRefused',
    errorCode,
    errorMessage,
    eventId: event.eventId,
    eventType: event.eventType,
    keys: record.dynamodb?.Keys ? unmarshall(record.dynamodb.Keys as Record<string, AttributeValue>) : {},
    sequenceNumber,
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventSourceARN ? { eventSourceARN: record.eventSourceARN } : {}),
    refusedAt,
  };
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
  if (!image?.outbox) return undefined;
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
