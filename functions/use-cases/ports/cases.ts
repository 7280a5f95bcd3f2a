import type { ListedCaseStatus, Priority, SupportCase } from '../../domain/cases';
import type { Escalation, EscalationQueue } from '../../domain/escalations';
import type { OutboxEvent } from '../../domain/outbox-event';

/** Which cases of one status's list a page keeps (each filter a condition on the list, not a key). */
export interface CaseListFilter {
  status: ListedCaseStatus;
  /** The queue of the case's latest escalation. */
  queue?: EscalationQueue;
  /** Cases assigned to this subject; `null`: cases assigned to nobody. */
  assigneeId?: string | null;
  priority?: Priority;
}

/** Cases, and the SLA work lists of the cases whose targets run. */
export interface Cases {
  /** How many SLA work lists there are: the monitor reads each (slaDue). */
  readonly slaShards: number;
  get(caseId: string, consistent?: boolean): Promise<SupportCase | undefined>;
  create(supportCase: SupportCase, outbox: OutboxEvent): Promise<void>;
  /** Replaces the case if nobody changed it since `expectedVersion` was read; false otherwise. Without an event, nothing is published. */
  replace(next: SupportCase, expectedVersion: number, outbox?: OutboxEvent): Promise<boolean>;
  /** Replaces the case and creates an escalation of it, together; false when the case changed since `expectedVersion`. */
  replaceWithEscalation(
    next: SupportCase,
    expectedVersion: number,
    caseOutbox: OutboxEvent | undefined,
    escalation: Escalation,
    escalationOutbox: OutboxEvent,
  ): Promise<boolean>;
  /**
   * One page of a status's list, most recently changed first, from the position after `after`.
   * Reads at most `maxRead` list entries, so a filter that few cases pass costs a bounded read per
   * page: `last` is where the read stopped (absent when the list ends there).
   */
  page(filter: CaseListFilter, options: { limit: number; maxRead: number; after?: string }): Promise<{ cases: SupportCase[]; last?: string }>;
  /** Ids of the cases on one SLA work list whose next due time is at or before `now`, page by page. */
  slaDue(shard: number, now: Date): AsyncGenerator<string[]>;
}
