import type { Escalation } from '../../domain/escalations';
import type { OutboxEvent } from '../../domain/outbox-event';

/** Escalations (created with their case: Cases.replaceWithEscalation) and the queues' waiting lists. */
export interface Escalations {
  get(escalationId: string): Promise<Escalation | undefined>;
  /**
   * Marks the escalation assigned and, when `onCase` (still the case's latest escalation), records
   * the team on the case, together. False when assigned meanwhile or replaced on the case.
   */
  assign(escalation: Escalation, team: string, assignedAt: string, outbox: OutboxEvent, onCase: boolean): Promise<boolean>;
  /** When the oldest escalation still waiting in a queue was requested (undefined when none waits). */
  oldestWaiting(queue: string): Promise<string | undefined>;
}
