import { eventSourcePrefix } from '../domain/events';
import type { EventPattern } from './event-pattern';
import { queueDefinitions, type WorkQueue, type WorkQueueDefinition, workQueues } from './queues';

/**
 * The rules of a client's event bus, declared once: the CDK stack creates them, the local bus
 * applies them. Besides the event log, each rule feeds a work queue (functions/definition/queues.ts).
 */
export type RuleTarget =
  /** The client's event log (CloudWatch Logs; locally `.local/events.log`) for ops and debugging. */
  | { readonly kind: 'eventLog' }
  /** A work queue: SQS absorbs the spike, its worker drains it. */
  | { readonly kind: 'queue'; readonly queue: WorkQueue };

export interface RuleDefinition {
  readonly description: string;
  readonly pattern: EventPattern;
  readonly targets: readonly RuleTarget[];
}

/** Every event the backend publishes (all sources share the prefix). */
export const allSupportEvents: EventPattern = { source: [{ prefix: eventSourcePrefix }] };

/**
 * The event log, and for each work queue the rule that feeds it (declared with the queue, in
 * functions/definition/queues.ts).
 */
export const rules: Record<'eventLog', RuleDefinition> & Record<string, RuleDefinition> = {
  eventLog: {
    description: 'Every support event to the event log, for ops and debugging',
    pattern: allSupportEvents,
    targets: [{ kind: 'eventLog' }],
  },
  ...Object.fromEntries(
    workQueues.map((queue) => {
      const { name, description, pattern } = (queueDefinitions[queue] as WorkQueueDefinition).rule;
      return [name, { description, pattern, targets: [{ kind: 'queue', queue }] } satisfies RuleDefinition];
    }),
  ),
};

/** The bus archive keeps every support event for replay (docs/runbook.md explains how). */
export const archive = { pattern: allSupportEvents, retentionDays: { dev: 7, prod: 365 } } as const;
