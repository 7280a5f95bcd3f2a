import { outboxEvent } from '../domain/outbox-event';
import { dueTargets, markBreached } from '../domain/sla';
import type { Dependencies } from './dependencies';
import { escalationOf, routing } from './escalations';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { SlaBreached } from '../domain/sla-events';

/** Cases handled at once while checking one page of due cases. */
const pageConcurrency = 25;

/**
 * The SLA check the monitor runs every minute. Primary course: read the cases whose next due
 * time has passed (the SLA work lists, never the whole table); for each, mark what is breached,
 * re-escalate one tier up and emit `SlaBreached`, in one transaction per case.
 */
export async function checkSlas(deps: Pick<Dependencies, 'cases' | 'settings'>, now: Date, correlationId: string): Promise<{ due: number; breached: number }> {
  let due = 0;
  let breached = 0;
  for (let shard = 0; shard < deps.cases.slaShards; shard++) {
    for await (const caseIds of deps.cases.slaDue(shard, now)) {
      due += caseIds.length;
      for (let i = 0; i < caseIds.length; i += pageConcurrency) {
        const outcomes = await Promise.all(caseIds.slice(i, i + pageConcurrency).map((caseId) => breachIfDue(deps, caseId, now, correlationId)));
        breached += outcomes.filter(Boolean).length;
      }
    }
  }
  return { due, breached };
}

/** The escalation performed for the supervisors' sake: one tier above the case's latest. */
const slaEscalator = 'sla-monitor';

/**
 * Breaches a case's due targets, once: the version check makes a concurrent change (or a second
 * monitor run) read the case again, and a target already breached is never due again.
 */
export async function breachIfDue(deps: Pick<Dependencies, 'cases' | 'settings'>, caseId: string, now: Date, correlationId: string): Promise<boolean> {
  return retryOnConflict({ attempts: 5, conflict: `Case ${caseId}: could not record its SLA breach (the case kept changing)` }, async () => {
    const current = await deps.cases.get(caseId, true);
    const targets = current?.sla ? dueTargets(current.sla, now) : [];
    if (!current?.sla || targets.length === 0) return false;
    const tier = nextTier(deps, current.escalation?.tier);
    const reason = `Automatic: SLA ${targets.join(' and ')} target missed`;
    const { escalation, next, event: escalationEvent } = escalationOf(deps, current, { tier, reason, requestedBy: slaEscalator }, correlationId, now);
    next.sla = markBreached(current.sla, targets, now);
    const caseEvent = outboxEvent(
      SlaBreached,
      {
        caseId,
        customerId: current.customerId,
        priority: current.sla.policy,
        targets,
        dueAt: targets.map((name) => current.sla![name].dueAt).sort()[0]!,
        detectedAt: now.toISOString(),
        reEscalation: { escalationId: escalation.escalationId, queue: escalation.queue, tier },
      },
      correlationId,
      now,
    );
    return (await deps.cases.replaceWithEscalation(next, current.version, caseEvent, escalation, escalationEvent)) ? true : lostRace;
  });
}

/** One tier up from the latest escalation (none yet: tier 1, so the first re-escalation is tier 2), at most the highest routed tier. */
function nextTier(deps: Pick<Dependencies, 'settings'>, current: number | undefined): number {
  const highest = Math.max(...Object.keys(routing(deps).tiers).map(Number));
  return Math.min(highest, (current ?? 1) + 1);
}
