import { outboxEvent } from '../adapters/dynamodb/outbox';
import { problems } from '../commons/http/problem';
import type { Priority } from '../domain/cases';
import { type Escalation, routeEscalation } from '../domain/escalations';
import { newId } from '../domain/ids';
import type { Principal } from '../domain/roles';
import { getCase } from './cases';
import type { Dependencies } from './dependencies';

export interface EscalateInput {
  tier?: number;
  skill?: string;
  reason: string;
  priority?: Priority;
}

function routing(deps: Dependencies) {
  const routing = deps.settings.ESCALATION_ROUTING;
  if (!routing) throw new Error('ESCALATION_ROUTING is not set: the function was deployed without the routing it needs');
  return routing;
}

/**
 * Escalates a case. Primary course: the case exists and is not closed; route it to a queue
 * (priority, skill, tier); store the escalation with `EscalationRequested`, which the bus routes
 * to that queue. The answer is 202: a worker assigns it.
 */
export async function escalateCase(deps: Dependencies, principal: Principal, caseId: string, input: EscalateInput, correlationId: string): Promise<Escalation> {
  const supportCase = await getCase(deps, principal, caseId, true);
  if (supportCase.status === 'closed') throw problems.conflict('The case is closed: reopen it before escalating it.');
  const priority = input.priority ?? supportCase.priority;
  const now = deps.now();
  const escalation: Escalation = {
    escalationId: newId('escalation', now.getTime()),
    caseId,
    customerId: supportCase.customerId,
    queue: routeEscalation(routing(deps), { ...input, priority }),
    ...(input.tier !== undefined ? { tier: input.tier } : {}),
    ...(input.skill ? { skill: input.skill } : {}),
    priority,
    reason: input.reason,
    status: 'requested',
    requestedAt: now.toISOString(),
    requestedBy: principal.subject,
  };
  const { escalationId, customerId, queue, tier, skill } = escalation;
  await deps.escalations.create(
    escalation,
    outboxEvent('EscalationRequested', { escalationId, caseId, customerId, queue, ...(tier !== undefined ? { tier } : {}), ...(skill ? { skill } : {}), priority }, correlationId, now),
  );
  return escalation;
}

/**
 * Assigns a queued escalation to its queue's team, once. Primary course: load it; if it is still
 * requested, mark it assigned and record the team on the case with `EscalationAssigned`, in one
 * transaction. A second delivery of the same message finds it assigned and does nothing.
 */
export async function assignEscalation(deps: Dependencies, escalationId: string, correlationId: string): Promise<'assigned' | 'already-assigned'> {
  const escalation = await deps.escalations.get(escalationId);
  if (!escalation) throw new Error(`Escalation ${escalationId} does not exist`);
  if (escalation.status === 'assigned') return 'already-assigned';
  const team = routing(deps).teams[escalation.queue];
  const assignedAt = deps.now().toISOString();
  const { caseId, customerId, queue } = escalation;
  const event = outboxEvent('EscalationAssigned', { escalationId, caseId, customerId, queue, team, assignedAt }, correlationId);
  return (await deps.escalations.assign(escalation, team, assignedAt, event)) ? 'assigned' : 'already-assigned';
}
