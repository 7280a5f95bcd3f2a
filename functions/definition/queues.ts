import { segmentAttributes } from '../domain/customers';
import { type EscalationQueue, escalationQueues } from '../domain/escalations';
import { eventSourcePrefix, events } from '../domain/events';
import { webhookSubscriptions } from '../domain/webhooks';
import { kpiEvents } from '../domain/kpi-consumer';
import type { EventPattern } from './event-pattern';

/**
 * The SQS queues of a client stack, declared once: the three escalation queues, webhook
 * deliveries, notifications (incident fan-out and case notices), due callbacks, search index rebuilds and the KPI consumer's events. The stack creates each with its dead-letter queue and alarms; the local runtime
 * creates them in the SQS emulator; each has one worker function (functions/definition/functions.ts)
 * and is fed by one bus rule. A new queue is its name here and its entry in `queueDefinitions`
 * (the rule that feeds it, its settings): the bus rule (functions/definition/rules.ts), the queue,
 * its dead-letter queue and alarms, on AWS and locally, follow from them.
 */
export const workQueues = [...escalationQueues, 'webhooks', 'notifications', 'callbacks', 'searchIndex', 'surveyFollowUps', 'kpis', 'erasures'] as const;
export type WorkQueue = (typeof workQueues)[number];

/**
 * What the queue settings read of the client config. The client config (lib/config/client-config.ts)
 * fits it; the declaration cannot import lib/, so it names only the fields it needs.
 */
export interface QueueConfig {
  readonly routing: { readonly queues: Readonly<Record<EscalationQueue, Omit<QueueSettings, 'description'> & { readonly team: string }>> };
  readonly webhooks: { readonly delivery: { readonly maxAttempts: number; readonly maxConcurrency: number } };
  readonly notifications: { readonly delivery: { readonly maxAttempts: number; readonly maxConcurrency: number } };
}

export interface QueueSettings {
  readonly description: string;
  readonly batchSize: number;
  readonly maxConcurrency: number;
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before a message goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** The oldest message alarm fires above this wait. */
  readonly maxWaitMinutes: number;
}

export interface WorkQueueDefinition {
  /**
   * The bus rule that feeds the queue. Its name is the rule's construct id in deployed stacks:
   * renaming one replaces the rule.
   */
  readonly rule: { readonly name: string; readonly description: string; readonly pattern: EventPattern };
  /** Its settings, from the client config. */
  readonly settings: (config: QueueConfig) => QueueSettings;
}

/** Every work queue: what feeds it and how it is consumed. */
export const queueDefinitions = {
  ...escalationQueueDefinitions(),
  webhooks: {
    rule: {
      name: 'webhookDeliveries',
      description: "Events some webhook target subscribes to, for signed delivery to the client's platforms",
      pattern: { source: [{ prefix: eventSourcePrefix }], 'detail-type': webhookEventTypes() },
    },
    settings: (config) => ({
      description: "Signed webhook deliveries to the client's platforms",
      batchSize: 10,
      maxConcurrency: config.webhooks.delivery.maxConcurrency,
      // Longer than the worker's timeout: a message is not handed out again while being delivered.
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: config.webhooks.delivery.maxAttempts,
      maxWaitMinutes: 60,
    }),
  },
  notifications: {
    rule: {
      name: 'notifications',
      description:
        'Incidents (declared, updated, resolved), customers joining segments (told the active incidents there), the case events customers are told about and completed callbacks (survey invitations), to the notification queue',
      pattern: {
        source: [{ prefix: eventSourcePrefix }],
        $or: [
          { 'detail-type': [events.CustomerUpdated.detailType], detail: { data: { changed: [...segmentAttributes] } } },
          {
            'detail-type': [
              events.IncidentDeclared.detailType,
              events.IncidentUpdated.detailType,
              events.EscalationAssigned.detailType,
              events.SlaBreached.detailType,
            ],
          },
          { 'detail-type': [events.CaseUpdated.detailType], detail: { data: { changes: { status: { to: ['resolved'] } } } } },
          // A completed callback: the survey invitation, when the client surveys callbacks.
          { 'detail-type': [events.CallbackUpdated.detailType], detail: { data: { status: ['completed'] } } },
        ],
      },
    },
    settings: (config) => ({
      description: 'Notifications to customers: incident audiences page by page, then deliveries in small groups',
      batchSize: 5,
      maxConcurrency: config.notifications.delivery.maxConcurrency,
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: config.notifications.delivery.maxAttempts,
      maxWaitMinutes: 30,
    }),
  },
  callbacks: {
    rule: {
      name: 'callbacksDue',
      description: 'Callbacks to hand to telephony now: asap requests, and scheduled ones whose time came',
      pattern: {
        source: [events.CallbackDue.source],
        $or: [{ 'detail-type': [events.CallbackDue.detailType] }, { 'detail-type': [events.CallbackRequested.detailType], detail: { data: { asap: [true] } } }],
      },
    },
    settings: () => ({
      description: 'Callbacks due now, handed to the telephony platform',
      batchSize: 5,
      maxConcurrency: 2,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      // A callback waiting here means telephony has not got it yet: alarm quickly.
      maxWaitMinutes: 5,
    }),
  },
  searchIndex: {
    rule: {
      name: 'searchIndexRebuilds',
      description: 'Articles published or archived: the search index of their locale is rebuilt',
      pattern: { source: [events.ArticlePublished.source], 'detail-type': [events.ArticlePublished.detailType, events.ArticleArchived.detailType] },
    },
    settings: () => ({
      description: 'Search index rebuilds, one per published or archived article',
      batchSize: 1,
      // The fewest SQS allows: concurrent rebuilds of one locale race for its pointer, and the loser retries.
      maxConcurrency: 2,
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 5,
      // An article published and not searchable for this long: alarm.
      maxWaitMinutes: 15,
    }),
  },
  surveyFollowUps: {
    rule: {
      name: 'surveyFollowUps',
      description: "Detractors' survey answers: the client's loop action (offer a callback, reopen the case)",
      pattern: { source: [events.SurveyDetractor.source], 'detail-type': [events.SurveyDetractor.detailType] },
    },
    settings: () => ({
      description: "Closing the loop on detractors' answers: a callback offered or the case reopened, as the client's config says",
      batchSize: 5,
      maxConcurrency: 2,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      // An unhappy customer nobody followed up for this long: alarm.
      maxWaitMinutes: 30,
    }),
  },
  kpis: {
    rule: {
      name: 'kpiEvents',
      description: 'The events the KPIs count (contacts, cases, escalations, SLA, callbacks, incidents, surveys, notifications), to the KPI consumer',
      pattern: { source: [{ prefix: eventSourcePrefix }], 'detail-type': kpiEvents.map((name) => events[name].detailType) },
    },
    settings: () => ({
      description: 'KPI counters: each event applied once to its day × dimension counters; surges checked',
      batchSize: 10,
      // A batch is one transaction on the day items its events count in (merged): two consumers at once rarely meet on an item,
      // and a meeting is applied again one event at a time.
      maxConcurrency: 2,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      // KPIs this far behind: alarm.
      maxWaitMinutes: 15,
    }),
  },
  erasures: {
    rule: {
      name: 'erasures',
      description: 'Erasure requests (GDPR art. 17), done by the erasure worker off the request path',
      pattern: { source: [events.ErasureRequested.source], 'detail-type': [events.ErasureRequested.detailType] },
    },
    settings: () => ({
      description: 'Erasures: each message erases a customer, page by page, resuming from the progress on its record',
      batchSize: 1,
      maxConcurrency: 2,
      // Longer than the worker's timeout (300 s), so a running erasure's message is not handed to another.
      visibilityTimeoutSeconds: 360,
      maxReceiveCount: 5,
      // An erasure waiting this long has a problem well before its month is up: alarm.
      maxWaitMinutes: 60,
    }),
  },
} as const satisfies Record<WorkQueue, WorkQueueDefinition>;

/** Each queue's settings, from the client config (routing for escalations, the delivery settings for webhooks and notifications). */
export function queueSettings(config: QueueConfig): Record<WorkQueue, QueueSettings> {
  return Object.fromEntries(workQueues.map((queue) => [queue, (queueDefinitions[queue] as WorkQueueDefinition).settings(config)])) as Record<
    WorkQueue,
    QueueSettings
  >;
}

/** Each escalation queue is fed the escalations routed to it, and consumed as the client's routing config says. */
function escalationQueueDefinitions() {
  const { source, detailType } = events.EscalationRequested;
  return Object.fromEntries(
    escalationQueues.map((queue): [EscalationQueue, WorkQueueDefinition] => [
      queue,
      {
        rule: {
          name: `escalationsTo${queue[0]!.toUpperCase()}${queue.slice(1)}`,
          description: `Escalations routed to the ${queue} queue`,
          pattern: { source: [source], 'detail-type': [detailType], detail: { data: { queue: [queue] } } },
        },
        settings: (config) => {
          const { team, ...settings } = config.routing.queues[queue];
          return { description: `Escalations routed to the ${queue} queue (${team})`, ...settings };
        },
      },
    ]),
  ) as Record<EscalationQueue, WorkQueueDefinition>;
}

/** Every event type a webhook target subscribes to (functions/domain/webhooks.ts is the one place that says which). */
function webhookEventTypes(): string[] {
  const names = new Set(Object.values(webhookSubscriptions).flat());
  return [...names].map((name) => events[name].detailType);
}
