import type { OutboxEvent } from '../../domain/outbox-event';
import type { Flow, SelfcareSession } from '../../domain/selfcare';

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
   * under the case (the handoff view reads it there) and `outbox` publishes an event with it.
   */
  replaceSession(next: SelfcareSession, expectedVersion: number, expiresAt: Date, options?: { caseId?: string; outbox?: OutboxEvent }): Promise<boolean>;
  /** The sessions handed over to a case, oldest first. */
  sessionsOfCase(caseId: string): Promise<SelfcareSession[]>;
}
