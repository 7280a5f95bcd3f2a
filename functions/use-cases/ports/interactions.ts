import type { Callback } from '../../domain/callbacks';
import type { SupportCase } from '../../domain/cases';
import type { Interaction } from '../../domain/interactions';
import type { Notification } from '../../domain/notifications';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { Survey } from '../../domain/surveys';

/** One entry of a customer's timeline: whatever happened with them, of any kind. */
export type TimelineRecord =
  | { type: 'interaction'; record: Interaction }
  | { type: 'case'; record: SupportCase }
  | { type: 'notification'; record: Notification }
  | { type: 'callback'; record: Callback }
  | { type: 'survey'; record: Survey };

/** Interactions, and the reads that span record types: a customer's timeline, a case's interactions. */
export interface Interactions {
  /** Stores an interaction, to expire after the client's retention. */
  put(interaction: Interaction, retentionDays: number, outbox: OutboxEvent): Promise<void>;
  /** One page of the timeline of these profiles, newest first; `before` is the `last` of the previous page. */
  timelinePage(customerIds: readonly string[], limit: number, before?: string): Promise<{ records: TimelineRecord[]; last?: string; more: boolean }>;
  /** Every interaction of a case, oldest first. */
  ofCase(caseId: string, max?: number): Promise<Interaction[]>;
  /** The interactions of these profiles since a time, oldest first. */
  since(customerIds: readonly string[], since: string, max?: number): Promise<Interaction[]>;
}
