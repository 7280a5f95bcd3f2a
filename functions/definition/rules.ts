import { segmentAttributes } from '../domain/customers';
import { escalationQueues } from '../domain/escalations';
import { eventSourcePrefix, events } from '../domain/events';
import { webhookSubscriptions } from '../domain/webhooks';
import type { EventPattern } from './event-pattern';
import type { WorkQueue } from './queues';

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

export const rules = {
  eventLog: {
    description: 'Every support event to the event log, for ops and debugging',
    pattern: allSupportEvents,
    targets: [{ kind: 'eventLog' }],
  },
  ...escalationRules(),
  notifications: {
    description: 'Incidents (declared, updated, resolved), customers joining segments (told the active incidents there) and the case events customers are told about, to the notification queue',
    pattern: {
      source: [{ prefix: eventSourcePrefix }],
      $or: [
        { 'detail-type': [events.CustomerUpdated.detailType], detail: { data: { changed: [...segmentAttributes] } } },
        { 'detail-type': [events.IncidentDeclared.detailType, events.IncidentUpdated.detailType, events.EscalationAssigned.detailType, events.SlaBreached.detailType] },
        { 'detail-type': [events.CaseUpdated.detailType], detail: { data: { changes: { status: { to: ['resolved'] } } } } },
      ],
    },
    targets: [{ kind: 'queue', queue: 'notifications' }],
  },
  callbacksDue: {
    description: 'Callbacks to hand to telephony now: asap requests, and scheduled ones whose time came',
    pattern: {
      source: [events.CallbackDue.source],
      $or: [{ 'detail-type': [events.CallbackDue.detailType] }, { 'detail-type': [events.CallbackRequested.detailType], detail: { data: { asap: [true] } } }],
    },
    targets: [{ kind: 'queue', queue: 'callbacks' }],
  },
  webhookDeliveries: {
    description: "Events some webhook target subscribes to, for signed delivery to the client's platforms",
    pattern: { source: [{ prefix: eventSourcePrefix }], 'detail-type': webhookEventTypes() },
    targets: [{ kind: 'queue', queue: 'webhooks' }],
  },
} as const satisfies Record<string, RuleDefinition>;

/** Every event type a webhook target subscribes to (functions/domain/webhooks.ts is the one place that says which). */
function webhookEventTypes(): string[] {
  const names = new Set(Object.values(webhookSubscriptions).flat());
  return [...names].map((name) => events[name].detailType);
}

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
