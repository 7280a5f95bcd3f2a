import { type EscalationQueue, escalationQueues } from '../domain/escalations';
import type { Dependencies } from './dependencies';
import { routing } from './escalations';
import type { QueueDepth } from './ports/queues';

/** The window recent throughput is measured over. */
const throughputWindowMinutes = 15;
/** The status is computed at most this often per function instance (SQS and DynamoDB reads are not free). */
export const queueStatusMaxAgeSeconds = 60;

export interface QueueStatusDependencies extends Pick<Dependencies, 'escalations' | 'queueStats' | 'settings' | 'now'> {
  depth: (queue: EscalationQueue) => Promise<QueueDepth>;
}

export interface QueueStatus {
  queue: EscalationQueue;
  team: string;
  depth: number;
  inFlight: number;
  oldestWaitSeconds: number;
  completedRecently: number;
  throughputPerMinute: number;
  /** null when work waits but nothing completed in the window: no honest estimate. */
  estimatedWaitSeconds: number | null;
}

/**
 * A queue's estimated wait now: what waits (depth plus in flight) divided by its completions per
 * minute over the window; 0 when nothing waits, null when work waits but nothing completed.
 */
export async function estimateWait(deps: Pick<Dependencies, 'queueStats' | 'now'>, queue: string, depth: QueueDepth): Promise<number | null> {
  const now = deps.now();
  const recent = await deps.queueStats.completionsSince(queue, new Date(now.getTime() - throughputWindowMinutes * 60_000));
  return waitOf(depth.waiting + depth.inFlight, recent.completed / throughputWindowMinutes);
}

function waitOf(waiting: number, throughputPerMinute: number): number | null {
  return waiting === 0 ? 0 : throughputPerMinute > 0 ? Math.ceil((waiting / throughputPerMinute) * 60) : null;
}

/**
 * The status of every escalation queue, as the self-care page and the SOS button show it.
 * Primary course: per queue, read the live depth (SQS), the oldest escalation still waiting
 * (its work list) and the completions of the last minutes; estimate the wait as depth divided by
 * throughput (Little's law). The HTTP handler caches it for a minute: a thousand customers
 * opening the page cost one read.
 */
export async function queueStatuses(deps: QueueStatusDependencies) {
  const now = deps.now();
  const since = new Date(now.getTime() - throughputWindowMinutes * 60_000);
  const queues = await Promise.all(
    escalationQueues.map(async (queue): Promise<QueueStatus> => {
      const [depth, oldest, recent] = await Promise.all([
        deps.depth(queue),
        deps.escalations.oldestWaiting(queue),
        deps.queueStats.completionsSince(queue, since),
      ]);
      const throughputPerMinute = recent.completed / throughputWindowMinutes;
      const waiting = depth.waiting + depth.inFlight;
      return {
        queue,
        team: routing(deps).teams[queue],
        depth: depth.waiting,
        inFlight: depth.inFlight,
        oldestWaitSeconds: oldest ? Math.max(0, Math.round((now.getTime() - new Date(oldest).getTime()) / 1000)) : 0,
        completedRecently: recent.completed,
        throughputPerMinute: Math.round(throughputPerMinute * 100) / 100,
        estimatedWaitSeconds: waitOf(waiting, throughputPerMinute),
      };
    }),
  );
  return { asOf: now.toISOString(), windowMinutes: throughputWindowMinutes, queues };
}
