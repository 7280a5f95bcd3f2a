import type { Channel } from './channels';
import type { EscalationQueue, EscalationStatus } from './escalations';
import type { CaseSla } from './sla';

export const caseStatuses = ['open', 'pending', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
/**
 * The statuses a case list shows (GET /cases): a case is on its status's list while it has one.
 * Closed cases are on none, so the lists do not grow with the history of the client.
 */
export const listedCaseStatuses = ['open', 'pending', 'resolved'] as const satisfies readonly CaseStatus[];
export type ListedCaseStatus = (typeof listedCaseStatuses)[number];
export function isListed(status: CaseStatus): status is ListedCaseStatus {
  return (listedCaseStatuses as readonly CaseStatus[]).includes(status);
}
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

/** A case groups the interactions of one problem, across channels, until it is closed. */
export interface SupportCase {
  caseId: string;
  customerId: string;
  subject: string;
  description?: string;
  status: CaseStatus;
  priority: Priority;
  assigneeId?: string;
  channel?: Channel;
  openedAt: string;
  updatedAt: string;
  resolvedAt?: string;
  closedAt?: string;
  reopenCount: number;
  /** The latest escalation: requested (waiting in its queue), then assigned to a team. */
  escalation?: CaseEscalation;
  /** The SLA applied to the case (absent on cases opened before SLAs existed). */
  sla?: CaseSla;
  version: number;
}

export interface CaseEscalation {
  escalationId: string;
  queue: EscalationQueue;
  tier?: number;
  status: EscalationStatus;
  requestedAt: string;
  team?: string;
  assignedAt?: string;
}

export interface CaseUpdate {
  status?: CaseStatus;
  priority?: Priority;
  assigneeId?: string | null;
  subject?: string;
}

export interface CaseChanges {
  status?: { from: CaseStatus; to: CaseStatus };
  priority?: { from: Priority; to: Priority };
  assigneeId?: { from: string | null; to: string | null };
  subject?: { changed: true };
}

/** A change the case's rules refuse: the caller asked for something the case's state forbids. */
export class CaseRuleViolation extends Error {
  override readonly name = 'CaseRuleViolation';
  constructor(
    readonly field: keyof CaseUpdate,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Allowed status moves. Resolved and closed cases reopen to `open`; a closed case changes in no
 * other way (reopen it first), so its history stays what it was when it closed.
 */
const transitions: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return from === to || transitions[from].includes(to);
}

/**
 * Applies an update to a case. Returns the next state and what changed (nothing when every
 * value is already the current one), or throws CaseRuleViolation.
 */
export function applyCaseUpdate(current: SupportCase, update: CaseUpdate, now: string): { next: SupportCase; changes: CaseChanges; reopened: boolean } {
  const changes: CaseChanges = {};
  const next: SupportCase = { ...current };
  const targetStatus = update.status ?? current.status;

  if (!canMove(current.status, targetStatus)) {
    throw new CaseRuleViolation('status', `A ${current.status} case cannot become ${targetStatus}.`);
  }
  const reopened = (current.status === 'resolved' || current.status === 'closed') && targetStatus === 'open';
  const otherChanges = update.priority !== undefined || update.assigneeId !== undefined || update.subject !== undefined;
  if (targetStatus === 'closed' && current.status === 'closed' && otherChanges) {
    const field = update.priority !== undefined ? 'priority' : update.assigneeId !== undefined ? 'assigneeId' : 'subject';
    throw new CaseRuleViolation(field, 'The case is closed: reopen it (status "open") before changing it.');
  }

  if (targetStatus !== current.status) {
    changes.status = { from: current.status, to: targetStatus };
    next.status = targetStatus;
    if (targetStatus === 'resolved') next.resolvedAt = now;
    if (targetStatus === 'closed') next.closedAt = now;
    if (reopened) {
      delete next.resolvedAt;
      delete next.closedAt;
      next.reopenCount = current.reopenCount + 1;
    }
  }
  if (update.priority !== undefined && update.priority !== current.priority) {
    changes.priority = { from: current.priority, to: update.priority };
    next.priority = update.priority;
  }
  if (update.assigneeId !== undefined && update.assigneeId !== (current.assigneeId ?? null)) {
    changes.assigneeId = { from: current.assigneeId ?? null, to: update.assigneeId };
    if (update.assigneeId === null) delete next.assigneeId;
    else next.assigneeId = update.assigneeId;
  }
  if (update.subject !== undefined && update.subject !== current.subject) {
    changes.subject = { changed: true };
    next.subject = update.subject;
  }
  if (Object.keys(changes).length > 0) {
    next.updatedAt = now;
    next.version = current.version + 1;
  }
  return { next, changes, reopened };
}
