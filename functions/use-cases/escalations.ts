import { outboxEvent, type OutboxEvent } from '../domain/outbox-event';
import type { Priority, SupportCase } from '../domain/cases';
import { type Escalation, routeEscalation } from '../domain/escalations';
import { newId } from '../domain/ids';
import type { Principal } from '../domain/roles';
import { getCase } from './cases';
import type { Dependencies } from './dependencies';
import { Conflict } from './errors';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { EscalationAssigned, EscalationRequested } from '../domain/escalation-events';

export interface EscalateInput {
  tier?: number;
  skill?: string;
  reason: string;
  priority?: Priority;
}

export function routing(deps: Pick<Dependencies, 'settings'>) {
  const routing = deps.settings.ESCALATION_ROUTING;
  if (!routing) throw new Error('ESCALATION_ROUTING is not set: the function was deployed without the routing it needs');
  return routing;
}

/** Attempts at a write that lost an optimistic race, before giving up. */
const attempts = 5;

/**
 * Escalates a case. Primary course: the case exists and is not closed; route it to a queue
 * (priority, skill, tier); store the escalation with `EscalationRequested` (which the bus routes
 * to that queue) and show it on the case, in one transaction. The answer is 202: a worker assigns it.
 */
export async function escalateCase(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'settings' | 'now'>,
  principal: Principal,
  caseId: string,
  input: EscalateInput,
  correlationId: string,
): Promise<Escalation> {
  return (await escalate(deps, principal, caseId, input, correlationId, false))!;
}

/**
 * For the automatic rules: they escalate a case once, and never one that already has an
 * escalation, requested or assigned (two angry contacts a second apart make one escalation).
 */
export async function escalateIfNoneYet(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'settings' | 'now'>,
  principal: Principal,
  caseId: string,
  input: EscalateInput,
  correlationId: string,
): Promise<Escalation | undefined> {
  return escalate(deps, principal, caseId, input, correlationId, true);
}

async function escalate(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'settings' | 'now'>,
  principal: Principal,
  caseId: string,
  input: EscalateInput,
  correlationId: string,
  onlyIfNone: boolean,
): Promise<Escalation | undefined> {
  return retryOnConflict({ attempts, conflict: 'The case kept changing: retry.' }, async () => {
    const supportCase = await getCase(deps, principal, caseId, true);
    if (supportCase.status === 'closed') throw new Conflict('The case is closed: reopen it before escalating it.');
    if (onlyIfNone && supportCase.escalation) return undefined;
    const now = deps.now();
    const { escalation, next, event } = escalationOf(deps, supportCase, { ...input, requestedBy: principal.subject }, correlationId, now);
    return (await deps.cases.replaceWithEscalation(next, supportCase.version, undefined, escalation, event)) ? escalation : lostRace;
  });
}

/**
 * A new escalation of a case, routed, with its event, and the case as it will show it. Used by
 * callers who write them together with other changes (an SLA breach writes its own case event).
 */
export function escalationOf(
  deps: Pick<Dependencies, 'settings'>,
  supportCase: SupportCase,
  input: EscalateInput & { requestedBy: string },
  correlationId: string,
  now: Date,
): { escalation: Escalation; next: SupportCase; event: OutboxEvent } {
  const priority = input.priority ?? supportCase.priority;
  const escalation: Escalation = {
    escalationId: newId('escalation', now.getTime()),
    caseId: supportCase.caseId,
    customerId: supportCase.customerId,
    queue: routeEscalation(routing(deps), { ...input, priority }),
    ...(input.tier !== undefined ? { tier: input.tier } : {}),
    ...(input.skill ? { skill: input.skill } : {}),
    priority,
    reason: input.reason,
    status: 'requested',
    requestedAt: now.toISOString(),
    requestedBy: input.requestedBy,
  };
  const { escalationId, customerId, queue, tier, skill, caseId } = escalation;
  const event = outboxEvent(
    EscalationRequested,
    { escalationId, caseId, customerId, queue, ...(tier !== undefined ? { tier } : {}), ...(skill ? { skill } : {}), priority },
    correlationId,
    now,
  );
  const next: SupportCase = {
    ...supportCase,
    escalation: { escalationId, queue, ...(tier !== undefined ? { tier } : {}), status: 'requested', requestedAt: escalation.requestedAt },
    updatedAt: now.toISOString(),
    version: supportCase.version + 1,
  };
  return { escalation, next, event };
}

/**
 * Assigns a queued escalation to its queue's team, once. Primary course: load it; if it is still
 * requested, mark it assigned and record the team on the case with `EscalationAssigned`, in one
 * transaction; count it in the queue's throughput. A second delivery finds it assigned and does
 * nothing. (A newer escalation of the same case stays what the case shows.)
 */
export async function assignEscalation(
  deps: Pick<Dependencies, 'cases' | 'escalations' | 'queueStats' | 'settings' | 'now'>,
  escalationId: string,
  correlationId: string,
): Promise<'assigned' | 'already-assigned'> {
  return retryOnConflict({ attempts, conflict: `Escalation ${escalationId}: could not record the assignment (the case kept changing)` }, async () => {
    const escalation = await deps.escalations.get(escalationId);
    if (!escalation) throw new Error(`Escalation ${escalationId} does not exist`);
    if (escalation.status === 'assigned') return 'already-assigned';
    const supportCase = await deps.cases.get(escalation.caseId, true);
    const team = routing(deps).teams[escalation.queue];
    const now = deps.now();
    const assignedAt = now.toISOString();
    const { caseId, customerId, queue } = escalation;
    const event = outboxEvent(EscalationAssigned, { escalationId, caseId, customerId, queue, team, assignedAt }, correlationId, now);
    const onCase = supportCase?.escalation?.escalationId === escalationId;
    if (!(await deps.escalations.assign(escalation, team, assignedAt, event, onCase))) return lostRace;
    await deps.queueStats.recordCompletion(queue, now, now.getTime() - new Date(escalation.requestedAt).getTime());
    return 'assigned';
  });
}
