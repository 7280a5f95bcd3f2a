import { type EscalationQueue, escalationQueues } from '../../functions/domain/escalations';
import { eventSourcePrefix, events } from '../../functions/domain/events';
import type { EventPattern } from './event-pattern';

/**
 * The rules of a client's event bus, declared once: the CDK stack creates them, the local bus
 * applies them. Queue-backed rules (escalations, notifications) join this list as they arrive.
 */
export type RuleTarget =
  /** The client's event log (CloudWatch Logs; locally `.local/events.log`) for ops and debugging. */
  | { readonly kind: 'eventLog' }
  /** An escalation queue: SQS absorbs the spike, its worker drains it. */
  | { readonly kind: 'queue'; readonly queue: EscalationQueue };

export interface RuleDefinition {
  readonly description: string;
  readonly pattern: EventPattern;
  readonly targets: readonly RuleTarget[];
}

/** Every event the backend publishes (all sources share the prefix). */
export const allSupportEvents: EventPattern = { source: [{ prefix: eventSourcePrefix }] };

export const rules = {
  eventLog: {
    description: 'Every support event to the event log, for ops and debugging',
    pattern: allSupportEvents,
    targets: [{ kind: 'eventLog' }],
  },
  ...escalationRules(),
} as const satisfies Record<string, RuleDefinition>;

/** Each escalation goes to the queue named in its event. */
function escalationRules(): Record<string, RuleDefinition> {
  const { source, detailType } = events.EscalationRequested;
  return Object.fromEntries(
    escalationQueues.map((queue) => [
      `escalationsTo${queue[0]!.toUpperCase()}${queue.slice(1)}`,
      {
        description: `Escalations routed to the ${queue} queue`,
        pattern: { source: [source], 'detail-type': [detailType], detail: { data: { queue: [queue] } } },
        targets: [{ kind: 'queue', queue }],
      },
    ]),
  );
}

/** The bus archive keeps every support event for replay (docs/runbook.md explains how). */
export const archive = { pattern: allSupportEvents, retentionDays: { dev: 7, prod: 365 } } as const;

export type RuleName = keyof typeof rules;
