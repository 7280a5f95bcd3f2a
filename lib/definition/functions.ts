import { type EscalationQueue, escalationQueues } from '../../functions/domain/escalations';
import type { EventPattern } from './event-pattern';
import type { WorkQueue } from './queues';

/**
 * Every Lambda function of a client stack, declared once. The CDK stack creates one function
 * (with its own role) per entry and grants exactly `access`; the local runtime loads the same
 * `entry` module and drives it the way its trigger would.
 */
export interface FunctionDefinition {
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize?: number;
  readonly timeoutSeconds?: number;
  /** What the function may touch. The stack turns each into a grant and an environment variable. */
  readonly access: {
    readonly data?: 'read' | 'readWrite';
    readonly idempotency?: true;
    readonly bus?: 'publish';
    /** The escalation routing of the client config (ESCALATION_ROUTING). */
    readonly routing?: true;
    /** The SLA policies and business hours of the client config (SLA_RULES). */
    readonly sla?: true;
    /** Read the live status of the work queues (QUEUE_URLS, sqs:GetQueueAttributes). */
    readonly queueStatus?: true;
    /** Deliver signed webhooks (WEBHOOK_TARGETS, the signing secret, its queue's visibility for backoff). */
    readonly webhooks?: 'deliver';
    /** The notification rules of the client config (NOTIFICATION_RULES). */
    readonly notifications?: true;
    /** The callback rules of the client config (CALLBACK_RULES). */
    readonly callbacks?: true;
    /** Queues it sends messages to (QUEUE_URLS, sqs:SendMessage on those only). */
    readonly enqueue?: readonly WorkQueue[];
  };
  /** Non-HTTP triggers. HTTP triggers are the routes that name the function. */
  readonly trigger?: TableStreamTrigger | QueueTrigger | ScheduleTrigger;
}

/** An SQS queue of the stack, consumed as lib/definition/queues.ts says (batch, concurrency, DLQ). */
export interface QueueTrigger {
  readonly kind: 'queue';
  readonly queue: WorkQueue;
}

/** A fixed-rate schedule (EventBridge Scheduler on AWS, a timer locally). The event's `time` is the scheduled time. */
export interface ScheduleTrigger {
  readonly kind: 'schedule';
  readonly rateMinutes: number;
}

export interface TableStreamTrigger {
  readonly kind: 'tableStream';
  readonly table: 'data';
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** Lambda event filter (EventBridge pattern syntax) applied to each stream record. */
  readonly filter: EventPattern;
}

const api = (entry: string, description: string, access: FunctionDefinition['access']): FunctionDefinition => ({
  entry: `functions/api/${entry}.ts`,
  description,
  access,
});

export const functions = {
  health: api('health', 'GET /health: liveness, no auth', {}),
  openapi: api('openapi', 'GET /openapi.json: the OpenAPI document, generated from the zod schemas', {}),
  recordInteraction: api('record-interaction', 'POST /interactions: record a contact on the customer profile', {
    data: 'readWrite',
    idempotency: true,
    routing: true,
    sla: true,
  }),
  getCustomer: api('get-customer', 'GET /customers/{customerId}', { data: 'read' }),
  updateCustomer: api('update-customer', 'PATCH /customers/{customerId}: segment attributes and VIP flag', { data: 'readWrite' }),
  findCustomer: api('find-customer', 'GET /customers?email=|phone=|externalId=: the profile an identity belongs to', { data: 'read' }),
  getTimeline: api('get-timeline', 'GET /customers/{customerId}/timeline', { data: 'read' }),
  mergeCustomers: api('merge-customers', 'POST /customers/{customerId}/merge', { data: 'readWrite', idempotency: true }),
  openCase: api('open-case', 'POST /cases', { data: 'readWrite', idempotency: true, sla: true }),
  getCase: api('get-case', 'GET /cases/{caseId}', { data: 'read' }),
  updateCase: api('update-case', 'PATCH /cases/{caseId}', { data: 'readWrite', sla: true }),
  getCaseContext: api('get-case-context', 'GET /cases/{caseId}/context: the handoff view', { data: 'read' }),
  escalateCase: api('escalate-case', 'POST /cases/{caseId}/escalations: hand a case to a queue beyond the first line', {
    data: 'readWrite',
    idempotency: true,
    routing: true,
  }),
  getQueues: api('get-queues', 'GET /queues: depth, oldest wait, throughput and estimated wait of each queue', { data: 'read', routing: true, queueStatus: true }),
  getPreferences: api('get-preferences', 'GET /customers/{customerId}/preferences', { data: 'read' }),
  putPreferences: api('put-preferences', 'PUT /customers/{customerId}/preferences: consent, preferred channel, language, quiet hours', { data: 'readWrite' }),
  declareIncident: api('declare-incident', 'POST /incidents: declare an incident; its audience is notified', { data: 'readWrite', idempotency: true }),
  updateIncident: api('update-incident', 'PATCH /incidents/{incidentId}: update or resolve; the audience is notified again', { data: 'readWrite' }),
  getIncident: api('get-incident', 'GET /incidents/{incidentId}: with delivery counts', { data: 'read' }),
  listIncidents: api('list-incidents', 'GET /incidents: the active incidents (a customer: those affecting them), by segment', { data: 'read' }),
  requestCallback: api('request-callback', 'POST /callbacks: the SOS button', { data: 'readWrite', idempotency: true, sla: true, callbacks: true, queueStatus: true }),
  getCallback: api('get-callback', 'GET /callbacks/{callbackId}', { data: 'read' }),
  cancelCallback: api('cancel-callback', 'DELETE /callbacks/{callbackId}', { data: 'readWrite' }),
  recordCallbackOutcome: api('record-callback-outcome', "POST /callbacks/{callbackId}/outcome: telephony reports a call's outcome", { data: 'readWrite', idempotency: true, sla: true, callbacks: true }),
  ...escalationWorkers(),
  slaMonitor: {
    entry: 'functions/workers/sla-monitor.ts',
    description: 'Every minute: finds cases past an SLA due time, marks the breach and re-escalates them',
    timeoutSeconds: 55,
    access: { data: 'readWrite', routing: true, sla: true },
    trigger: { kind: 'schedule', rateMinutes: 1 },
  },
  notificationWorker: {
    entry: 'functions/workers/notification-worker.ts',
    description: 'Fans incidents out to their audience page by page and notifies customers (consent, quiet hours, once each)',
    timeoutSeconds: 120,
    memorySize: 512,
    access: { data: 'readWrite', routing: true, notifications: true, webhooks: 'deliver', queueStatus: true, enqueue: ['notifications'] },
    trigger: { kind: 'queue', queue: 'notifications' },
  },
  callbackWorker: {
    entry: 'functions/workers/callback-worker.ts',
    description: 'Hands due callbacks to the telephony platform (signed)',
    timeoutSeconds: 30,
    access: { data: 'readWrite', webhooks: 'deliver' },
    trigger: { kind: 'queue', queue: 'callbacks' },
  },
  dispatcher: {
    entry: 'functions/workers/dispatcher.ts',
    description: 'Every minute: callbacks whose time came become due; notifications held back by quiet hours are released',
    timeoutSeconds: 55,
    access: { data: 'readWrite', enqueue: ['notifications'] },
    trigger: { kind: 'schedule', rateMinutes: 1 },
  },
  webhookWorker: {
    entry: 'functions/workers/webhook-worker.ts',
    description: "Delivers signed webhooks to the client's platforms, once each, with backoff between attempts",
    timeoutSeconds: 30,
    access: { data: 'readWrite', webhooks: 'deliver' },
    trigger: { kind: 'queue', queue: 'webhooks' },
  },
  outboxRelay: {
    entry: 'functions/relay/outbox-relay.ts',
    description: 'Publishes the events carried by committed writes (table stream) to the client bus',
    timeoutSeconds: 60,
    access: { bus: 'publish' },
    trigger: {
      kind: 'tableStream',
      table: 'data',
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      // Only records whose new image carries an outbox event; the relay still checks that the
      // event is new (not the same one left on an item by an earlier write).
      filter: { dynamodb: { NewImage: { outbox: { M: { eventId: { S: [{ exists: true }] } } } } } },
    },
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functions;

/** One worker per escalation queue: the same code, its own function, role, scaling and alarms. */
function escalationWorkers() {
  const worker = (queue: EscalationQueue): FunctionDefinition => ({
    entry: 'functions/workers/escalation-worker.ts',
    description: `Assigns escalations from the ${queue} queue to their team and records it on the case`,
    timeoutSeconds: 20,
    access: { data: 'readWrite', routing: true },
    trigger: { kind: 'queue', queue },
  });
  return Object.fromEntries(escalationQueues.map((queue) => [`escalationWorker${queue[0]!.toUpperCase()}${queue.slice(1)}`, worker(queue)])) as Record<
    `escalationWorker${Capitalize<EscalationQueue>}`,
    FunctionDefinition
  >;
}
