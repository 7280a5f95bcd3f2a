import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** The outcome of publishing one entry: EventBridge accepts or refuses each entry separately. */
export type EntryOutcome = { ok: true } | { ok: false; errorCode: string; errorMessage: string };

export type PublishBatch = (entries: PutEventsRequestEntry[]) => Promise<EntryOutcome[]>;

/** PutEvents accepts at most 10 entries per call. */
export const maxEntriesPerCall = 10;

/** PutEvents refuses a call whose entries add up to more than 256 KB (ValidationException). */
export const maxBytesPerCall = 256 * 1024;

/** The size EventBridge counts for an entry ("Calculating PutEvents event entry size"). */
export function entrySize(entry: PutEventsRequestEntry): number {
  const texts = [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])];
  return (entry.Time ? 14 : 0) + texts.reduce((total, text) => total + (text ? Buffer.byteLength(text, 'utf8') : 0), 0);
}

/**
 * Publishes up to 10 entries with one PutEvents call and reports each entry's outcome, so the
 * caller can retry exactly the entries that failed (FailedEntryCount > 0 is not an exception).
 */
export function eventBridgePublisher(client: EventBridgeClient = new EventBridgeClient({})): PublishBatch {
  return async (entries) => {
    if (entries.length > maxEntriesPerCall) throw new Error(`PutEvents takes at most ${maxEntriesPerCall} entries`);
    const { Entries = [] } = await client.send(new PutEventsCommand({ Entries: entries }));
    return entries.map((_, index) => {
      const result = Entries[index];
      return result?.ErrorCode || !result?.EventId
        ? { ok: false, errorCode: result?.ErrorCode ?? 'Missing', errorMessage: result?.ErrorMessage ?? 'no result for this entry' }
        : { ok: true };
    });
  };
}
