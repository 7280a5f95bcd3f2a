import type { OutboxEvent } from '../../domain/outbox-event';
import type { Language } from '../../domain/channels';
import type { Flow, SelfcareSession } from '../../domain/selfcare';
import type { ReportDay, ReportIncrements } from '../../domain/selfcare-report';

/** Flows and self-care sessions. Writes are conditional: `false` means someone else wrote first. */
export interface Selfcare {
  /** Stores a new flow; false when a flow with that id exists. */
  createFlow(flow: Flow): Promise<boolean>;
  getFlow(flowId: string): Promise<Flow | undefined>;
  /** Stores a new session, to expire at `expiresAt` (a TTL: DynamoDB deletes it soon after). */
  createSession(session: SelfcareSession, expiresAt: Date): Promise<void>;
  /** A live session (one past its expiry is absent, even before DynamoDB deletes it). */
  getSession(sessionId: string, now: Date): Promise<(SelfcareSession & { expiresAt: string }) | undefined>;
  /**
   * Replaces the session if unchanged since `expectedVersion`; false otherwise. `caseId` files it
   * under the case (the handoff view reads it there) and `outbox` publishes an event with it;
   * `counts` are added to the report's counters in the same atomic write (none when it is false).
   * `followUp` notes, in that write too, the session as its customer's latest signed-in one, to
   * check their contacts elsewhere against until it expires (one per customer: the latest wins).
   */
  replaceSession(
    next: SelfcareSession,
    expectedVersion: number,
    expiresAt: Date,
    options?: { caseId?: string; outbox?: OutboxEvent; counts?: ReportIncrements; followUp?: string },
  ): Promise<boolean>;
  /** The report's counters of one locale and day (empty when nothing was counted). */
  reportDay(locale: Language, day: string): Promise<ReportDay>;
  /** The sessions handed over to a case, oldest first. */
  sessionsOfCase(caseId: string): Promise<SelfcareSession[]>;
  /** The customer's signed-in session to check a contact against, if one was noted and has not expired. */
  followUpOf(customerId: string, now: Date): Promise<string | undefined>;
}
