import { type EscalationQueue, escalationQueues } from '../domain/escalations';
import { subscribedTargets } from '../domain/webhooks';
import type { FunctionAccess } from './access';
import type { EventPattern } from './event-pattern';
import type { WorkQueue } from './queues';
import { type Route, type RouteDefinition, routes } from './routes';

// The access kinds (what each grants, the variables it sets) are defined in ./access.ts.
export { dataActions, type DataAccess, type DataAction, type DataIndex, idempotencyActions, idempotencyErasureActions } from './access';

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
  /**
   * What the function may touch, by access kind (./access.ts): each kind names the resources it
   * covers, and brings its grant (the stack), its environment variables (the stack and the local
   * runtime) and its settings parser (functions/commons/settings.ts).
   */
  readonly access: FunctionAccess;
  /** Non-HTTP triggers. HTTP triggers are the routes that name the function. */
  readonly trigger?: TableStreamTrigger | QueueTrigger | ScheduleTrigger;
}

/** An SQS queue of the stack, consumed as functions/definition/queues.ts says (batch, concurrency, DLQ). */
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
  /**
   * What happens to a batch the function fails (throws, times out, or reports partial failures),
   * as the event source mapping does it on AWS and the local stream trigger does it locally:
   * retried from the first failed record up to `maxAttempts` times; a batch that throws is split
   * in two first (`bisectOnError`, which costs no attempt) to isolate the record at fault; an
   * exhausted batch is described (shard, sequence range) in the stream failure queue and the
   * shard moves on.
   */
  readonly retry: { readonly maxAttempts: number; readonly bisectOnError: boolean };
}

/**
 * One function per route, named by the route: its handler is functions/api/<kebab-case name>.ts,
 * its access the route's. Every HTTP function counts its callers: the shared HTTP handler applies
 * the limits on every route.
 */
function apiFunctions(): Record<ApiFunctionName, FunctionDefinition> {
  return Object.fromEntries(
    routes.map((route: RouteDefinition) => [
      route.function,
      {
        entry: `functions/api/${route.function.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}.ts`,
        description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
        access: { ...route.access, rateLimit: true },
      },
    ]),
  ) as Record<ApiFunctionName, FunctionDefinition>;
}

/** The functions that serve the routes, by name. */
export type ApiFunctionName = Route['function'];

export const functions = {
  ...apiFunctions(),
  ...escalationWorkers(),
  slaMonitor: {
    entry: 'functions/workers/sla-monitor.ts',
    description: 'Every minute: finds cases past an SLA due time, marks the breach and re-escalates them',
    timeoutSeconds: 55,
    access: { data: { actions: ['GetItem', 'PutItem'], indexes: ['worklists'] }, routing: true, sla: true },
    trigger: { kind: 'schedule', rateMinutes: 1 },
  },
  notificationWorker: {
    entry: 'functions/workers/notification-worker.ts',
    description: 'Fans incidents out to their audience page by page and notifies customers (consent, quiet hours, once each)',
    timeoutSeconds: 120,
    memorySize: 512,
    access: {
      data: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'], indexes: ['worklists'] },
      routing: true,
      notifications: true,
      // The survey the resolved notice offers (its item, the fatigue slot, the link's token hash).
      surveys: true,
      webhooks: ['messaging'],
      // The estimated wait of the escalation queue a case went to, in the customer's notice.
      queueStatus: escalationQueues,
      enqueue: ['notifications'],
    },
    trigger: { kind: 'queue', queue: 'notifications' },
  },
  callbackWorker: {
    entry: 'functions/workers/callback-worker.ts',
    description: 'Hands due callbacks to the telephony platform (signed)',
    timeoutSeconds: 30,
    access: { data: { actions: ['GetItem', 'PutItem'] }, webhooks: ['telephony'] },
    trigger: { kind: 'queue', queue: 'callbacks' },
  },
  dispatcher: {
    entry: 'functions/workers/dispatcher.ts',
    description: 'Every minute: callbacks whose time came become due; notifications held back by quiet hours are released',
    timeoutSeconds: 55,
    access: { data: { actions: ['GetItem', 'PutItem'], indexes: ['worklists'] }, enqueue: ['notifications'] },
    trigger: { kind: 'schedule', rateMinutes: 1 },
  },
  webhookWorker: {
    entry: 'functions/workers/webhook-worker.ts',
    description: "Delivers signed webhooks to the client's platforms, once each, with backoff between attempts",
    timeoutSeconds: 30,
    // The targets that subscribe to events (workforce, supervisor).
    access: { data: { actions: ['UpdateItem'] }, webhooks: subscribedTargets },
    trigger: { kind: 'queue', queue: 'webhooks' },
  },
  searchIndexWorker: {
    entry: 'functions/workers/search-index-worker.ts',
    description: "Rebuilds a locale's search index from its published articles when one is published or archived; stores it as gzip chunks",
    timeoutSeconds: 90,
    memorySize: 1024,
    // The locale's published articles (worklists), the changed articles and the index pointer
    // (GetItem), the change noted and the pointer flipped (UpdateItem), new chunks (PutItem), the
    // chunks of the version before the previous one (DeleteItem).
    access: { data: { actions: ['GetItem', 'UpdateItem', 'PutItem', 'DeleteItem'], indexes: ['worklists'] } },
    trigger: { kind: 'queue', queue: 'searchIndex' },
  },
  surveyFollowUpWorker: {
    entry: 'functions/workers/survey-follow-up-worker.ts',
    description: "Closes the loop on a detractor's survey answer: offers a callback or reopens the case, as the client's config says",
    timeoutSeconds: 30,
    access: {
      // The survey's case (GetItem, replaced with PutItem when reopened); the customer, their open
      // callback slot and a new callback (PutItem in a transaction), the callback queue's throughput (Query).
      data: { actions: ['GetItem', 'PutItem', 'Query'] },
      surveys: true,
      sla: true,
      callbacks: true,
      // The callback queue's depth, for the wait of the callback it offers.
      queueStatus: ['callbacks'],
    },
    trigger: { kind: 'queue', queue: 'surveyFollowUps' },
  },
  kpiWorker: {
    entry: 'functions/workers/kpi-worker.ts',
    description: 'Applies each event once to the KPI day × dimension counters (with its projections); checks surges and raises SurgeDetected',
    timeoutSeconds: 30,
    // The projections and surge buckets (GetItem, Query), the claim, counters and projections in one
    // transaction (PutItem, UpdateItem), the incident contact claim and the surge (PutItem, UpdateItem).
    access: { data: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'] }, kpis: true },
    trigger: { kind: 'queue', queue: 'kpis' },
  },
  erasureWorker: {
    entry: 'functions/workers/erasure-worker.ts',
    description: 'Erases a customer page by page (identities freed, records deleted, cases anonymised), resumable; emits CustomerErased',
    timeoutSeconds: 300,
    // The erasure record (GetItem, PutItem; UpdateItem drops its event once published) and every
    // record of the customer: found on the timeline (byCustomer), under their cases (byCase) and,
    // for their interactions and the stored responses of their Idempotency-Key requests, in their
    // partition (Query), deleted (DeleteItem, on the idempotency table too) or anonymised
    // (UpdateItem). What is left when time runs out is queued again.
    access: {
      data: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'], indexes: ['byCustomer', 'byCase'] },
      idempotency: 'erase',
      enqueue: ['erasures'],
    },
    trigger: { kind: 'queue', queue: 'erasures' },
  },
  outboxRelay: {
    entry: 'functions/relay/outbox-relay.ts',
    description: 'Publishes the events carried by committed writes (table stream) to the client bus',
    timeoutSeconds: 60,
    access: { bus: 'publish', streamFailures: 'send' },
    trigger: {
      kind: 'tableStream',
      table: 'data',
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      // Only records whose new image carries an outbox event; the relay still checks that the
      // event is new (not the same one left on an item by an earlier write).
      filter: { dynamodb: { NewImage: { outbox: { M: { eventId: { S: [{ exists: true }] } } } } } },
      // Bounded, so a record that fails the relay for a reason nobody foresaw blocks its shard for
      // minutes, not the stream's 24 h. An event the bus refuses for good never gets here: the relay
      // sends it to the failure queue itself. A bus outage does get here, and must lose nothing:
      // the relay waits it out within each attempt for all but 10 s of its 60 s timeout, so 2,000
      // attempts span at least 2,000 × 50 s ≈ 28 h, more than the stream keeps a record
      // (tests/unit/stream-retry-policy.test.ts checks the sum).
      retry: { maxAttempts: 2_000, bisectOnError: true },
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
    access: { data: { actions: ['GetItem', 'UpdateItem'] }, routing: true },
    trigger: { kind: 'queue', queue },
  });
  return Object.fromEntries(escalationQueues.map((queue) => [`escalationWorker${queue[0]!.toUpperCase()}${queue.slice(1)}`, worker(queue)])) as Record<
    `escalationWorker${Capitalize<EscalationQueue>}`,
    FunctionDefinition
  >;
}
