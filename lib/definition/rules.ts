import { eventSourcePrefix } from '../../functions/domain/events';
import type { EventPattern } from './event-pattern';

/**
 * The rules of a client's event bus, declared once: the CDK stack creates them, the local bus
 * applies them. Queue-backed rules (escalations, notifications) join this list as they arrive.
 */
export type RuleTarget =
  /** The client's event log (CloudWatch Logs; locally `.local/events.log`) for ops and debugging. */
  { readonly kind: 'eventLog' };

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
} as const satisfies Record<string, RuleDefinition>;

/** The bus archive keeps every support event for replay (docs/runbook.md explains how). */
export const archive = { pattern: allSupportEvents, retentionDays: { dev: 7, prod: 365 } } as const;

export type RuleName = keyof typeof rules;
