import type { Callback } from '../../domain/callbacks';
import type { OutboxEvent } from '../../domain/outbox-event';

/** Callbacks, at most one open per customer, and the work list of those waiting for their time. */
export interface Callbacks {
  get(callbackId: string, consistent?: boolean): Promise<Callback | undefined>;
  /** The customer's open callback, if any. */
  openOf(customerId: string): Promise<Callback | undefined>;
  /** Creates the callback if the customer has none open; false otherwise. */
  create(callback: Callback, outbox: OutboxEvent): Promise<boolean>;
  /** Replaces the callback if unchanged since `expectedVersion`; false otherwise. A final state frees the customer's open slot. */
  replace(next: Callback, expectedVersion: number, outbox: OutboxEvent): Promise<boolean>;
  /** Callbacks waiting for their time that are due by `now`, page by page. */
  due(now: Date): AsyncGenerator<string[]>;
  /** One page of the callbacks of these profiles, newest first; `before` is the `last` of the previous page. */
  pageOf(customerIds: readonly string[], limit: number, before?: string): Promise<{ callbacks: Callback[]; last?: string; more: boolean }>;
}
