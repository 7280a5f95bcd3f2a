import type { SupportCase } from '../../domain/cases';
import type { Escalation } from '../../domain/escalations';
import type { OutboxEvent } from '../../domain/outbox-event';

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
  /** Ids of the cases on one SLA work list whose next due time is at or before `now`, page by page. */
  slaDue(shard: number, now: Date): AsyncGenerator<string[]>;
}
