import type { ErasureCounts, ErasureRecord } from '../../domain/erasure';
import type { OutboxEvent } from '../../domain/outbox-event';

/** Erasure records, keyed by their request id (an HMAC of the customer id). */
export interface ErasureRecords {
  get(requestId: string, consistent?: boolean): Promise<ErasureRecord | undefined>;
  /** Stores a new request with its event; false when one exists for the same customer (the same request id). */
  create(record: ErasureRecord, expiresAt: number, outbox: OutboxEvent): Promise<boolean>;
  /** Replaces the record if unchanged since read (its version); false when another attempt wrote first. */
  save(record: ErasureRecord, expectedVersion: number, expiresAt: number, outbox?: OutboxEvent): Promise<boolean>;
  /** Takes the customer ids off the last write's event: the record keeps no id once done. */
  forgetOutbox(requestId: string): Promise<void>;
}

/** One planned write of an erasure (a delete, an anonymising update), as data the record can keep: the store's own shape. */
export type PlannedWrite = Readonly<Record<string, unknown>>;

/**
 * The erasure of one customer id, as steps (each kind of record, found by the customer, deleted or
 * anonymised), each done a page at a time so the work resumes where it stopped. A page is planned
 * (read, no write), its plan saved with the counts, then applied: a crash in between re-applies
 * the saved plan (every write is idempotent), so each record is erased and counted once.
 */
export interface ErasureSteps {
  /** How many steps one customer id takes. */
  readonly count: number;
  /** Plans one page of step `step` for the customer from `cursor`: its writes, their counts, and where the next page starts (none: the step is done). */
  plan(step: number, customerId: string, cursor?: string): Promise<{ writes: readonly PlannedWrite[]; counts: ErasureCounts; cursor?: string }>;
  apply(writes: readonly PlannedWrite[]): Promise<void>;
}
