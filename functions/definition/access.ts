import * as z from 'zod/mini';
import { Language } from '../domain/channels';
import { escalationQueues } from '../domain/escalations';
import type { RateLimits } from '../domain/rate-limits';
import type { SlaRules } from '../domain/sla';
import type { CallbackRules } from '../domain/callbacks';
import type { NotificationRules } from '../domain/notifications';
import type { SurveyRules } from '../domain/surveys';
import type { KpiRules } from '../domain/kpi-rules';
import type { WebhookTargetName } from '../domain/webhooks';
import type { WorkQueue } from './queues';
import { rateKeyPrefix, type TableName, type tables } from './table';

/**
 * The access kinds a function can declare (its `access`: a route's in ./routes.ts, a worker's in
 * ./functions.ts), each defined once with everything it implies:
 * - `variables`: the environment variables it sets, each with the zod parser that
 *   functions/commons/settings.ts reads it with (so `required('TABLE_NAME')` exists because the
 *   `data` kind declares it);
 * - `grants`: the IAM statements it needs, as data: actions and symbolic resources
 *   (`{ table: 'data' }`, `{ queue: 'callbacks' }`, `{ bus: true }`, `{ secret: 'telephony' }`),
 *   with conditions. lib/stack/constructs/support-function.ts turns the symbols into the stack's
 *   ARNs, for every kind the same way; nothing here knows the CDK (this module is in every
 *   Lambda bundle, through the settings).
 * The value of each variable comes from the client config and the resource names:
 * lib/definition/environment.ts derives it, keyed by the same kinds (the compiler insists on one
 * derivation per kind). Adding a kind is an entry here and its derivation there; adding a setting
 * to a kind, a variable here and its value there.
 *
 * The local runtime does not read these grants: it enforces the roles as the stack synthesizes
 * them (local/iam/), so a grant that the stack would build wrongly is refused locally too.
 */

/** A resource of the stack, named by what the declaration calls it. */
export type SymbolicResource =
  | { readonly table: TableName; readonly index?: string }
  | { readonly queue: WorkQueue }
  | { readonly streamFailures: true }
  | { readonly bus: true }
  /** A webhook target's signing secret; a target the client did not configure has none, and its grant is left out. */
  | { readonly secret: WebhookTargetName }
  /** The client's erasure key: erasure records are keyed by an HMAC of the customer id with it. */
  | { readonly erasureKey: true };

/** One IAM statement (Allow) of a function's role. */
export interface Grant {
  readonly actions: readonly string[];
  readonly resources: readonly SymbolicResource[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/**
 * The DynamoDB actions a function can be granted on a table (IAM action names without the
 * `dynamodb:` prefix). Scan is deliberately not one of them: every path reads by key (GetItem,
 * BatchGetItem, Query), never the whole table. Transactions have no IAM action of their own:
 * each item of a TransactWriteItems is authorised as the PutItem, UpdateItem, DeleteItem or
 * ConditionCheckItem it contains (a TransactGetItems item as GetItem), so a store writing in a
 * transaction needs exactly those.
 */
export const dataActions = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'] as const;
export type DataAction = (typeof dataActions)[number];

/** The global secondary indexes of the data table (functions/definition/table.ts). */
export type DataIndex = (typeof tables.data.globalIndexes)[number]['indexName'];

/**
 * What a function does on the data table, precisely:
 * - `actions`: on the table's own items and key (`Query` here is a Query of the base table, as
 *   the segment, queue-stats and incident-counter partitions are read);
 * - `indexes`: the indexes it queries, each granted `dynamodb:Query` on `<table>/index/<name>`
 *   and nothing else.
 * Written from what the handler → use cases → stores (functions/adapters/dynamodb/) call;
 * tests/e2e/data-access.test.ts runs every function, records each DynamoDB request it issues and
 * fails when the synthesized role allows one action or index more, or one less. A new function
 * (or a new store call) needs its entry here and a step in that test's `exercise` reaching each
 * path that issues a different request: the test fails for a function with a table it never ran.
 *
 * @example
 * // GET /customers/{id}/timeline: the profile (GetItem), its interactions (a Query of its
 * // partition), then its other records on the byCustomer index.
 * { data: { actions: ['GetItem', 'Query'], indexes: ['byCustomer'] } }
 */
export interface DataAccess {
  readonly actions: readonly DataAction[];
  readonly indexes?: readonly DataIndex[];
}

/**
 * What Powertools idempotency does on its table (DynamoDBPersistenceLayer): PutItem claims the
 * key, UpdateItem stores the response, DeleteItem drops the record of a failed request, GetItem
 * reads a record the conditional put did not return.
 */
export const idempotencyActions = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] as const satisfies readonly DataAction[];

/** What an erasure does on the idempotency table: deletes the records its references lead to (`idempotency: 'erase'`). */
export const idempotencyErasureActions = ['DeleteItem'] as const satisfies readonly DataAction[];

/** What CDK's grantSendMessages allows, written out: sending, and the two reads the SDK may make to find the queue. */
const sendActions = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

/** A JSON value of the environment, parsed; its shape is the derivation's (lib/definition/environment.ts). */
const json = <T>() =>
  z.pipe(
    z.string(),
    z.transform((value) => JSON.parse(value) as T),
  );

/** A JSON value of the environment, parsed, then checked against `schema`. */
export const jsonOf = <T>(schema: z.core.$ZodType<T>) => z.pipe(json<unknown>(), schema as z.core.$ZodType<T, unknown>);

/** A comma-separated list of the environment, each item checked against `item`. */
export const listOf = <T>(item: z.core.$ZodType<T, string>) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((value) => value.split(',')),
    ),
    z.array(item),
  );

const tableName = z.string().check(z.minLength(1));

/**
 * One access kind: the type a function declares it with (`Declared`), its variables and its grants.
 * `access` is the function's whole declared access, for a kind whose grant depends on another.
 */
interface AccessKind<Declared, Variables extends Record<string, z.ZodMiniType>> {
  readonly variables: Variables;
  readonly grants: (declared: Declared, access: { readonly data?: DataAccess }) => readonly Grant[];
}
const kind = <Declared, Variables extends Record<string, z.ZodMiniType>>(definition: AccessKind<Declared, Variables>) => definition;
/** A kind that is a part of the client config: a variable, no grant. */
const configKind = <Variables extends Record<string, z.ZodMiniType>>(variables: Variables) => kind<true, Variables>({ variables, grants: () => [] });

export const accessKinds = {
  /** The data table (TABLE_NAME): exactly these actions and indexes (see DataAccess). */
  data: kind({
    variables: { TABLE_NAME: tableName },
    grants: (data: DataAccess) => [
      ...(data.actions.length > 0 ? [{ actions: data.actions.map((action) => `dynamodb:${action}`), resources: [{ table: 'data' as const }] }] : []),
      ...(data.indexes?.length ? [{ actions: ['dynamodb:Query'], resources: data.indexes.map((index) => ({ table: 'data' as const, index })) }] : []),
    ],
  }),
  /**
   * The idempotency table (IDEMPOTENCY_TABLE_NAME; it has no index): `true`, Powertools' records of
   * an idempotent function (`idempotencyActions`); `'erase'`, deleting the records of an erased
   * customer, nothing else (`idempotencyErasureActions`). The references under the customer that
   * an idempotent function writes are items of the data table: its `data` access has PutItem.
   */
  idempotency: kind({
    variables: { IDEMPOTENCY_TABLE_NAME: tableName },
    grants: (declared: true | 'erase') => [
      {
        actions: (declared === 'erase' ? idempotencyErasureActions : idempotencyActions).map((action) => `dynamodb:${action}`),
        resources: [{ table: 'idempotency' }],
      },
    ],
  }),
  /**
   * Counts its callers against the client's per-caller limits (RATE_LIMITS, TABLE_NAME, and
   * dynamodb:UpdateItem on the data table's `RATE#` items, which read-only functions lack).
   */
  rateLimit: kind({
    variables: {
      TABLE_NAME: tableName,
      /** Per-caller request limits; set on the HTTP functions. */
      RATE_LIMITS: json<RateLimits>(),
    },
    // The rate counters only: a function that writes nothing else may count its callers.
    grants: (_: true, access) =>
      access.data?.actions.includes('UpdateItem')
        ? []
        : [
            {
              actions: ['dynamodb:UpdateItem'],
              resources: [{ table: 'data' }],
              conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${rateKeyPrefix}*`] } },
            },
          ],
  }),
  /** Publishes to the client bus (EVENT_BUS_NAME, events:PutEvents on it). */
  bus: kind({
    variables: { EVENT_BUS_NAME: z.string().check(z.minLength(1)) },
    grants: (_: 'publish') => [{ actions: ['events:PutEvents'], resources: [{ bus: true }] }],
  }),
  /** Reads the live status (depth) of these queues (QUEUE_URLS, sqs:GetQueueAttributes on those only). */
  queueStatus: kind({
    variables: { QUEUE_URLS: json<Record<WorkQueue, string>>() },
    grants: (queues: readonly WorkQueue[]) =>
      queues.length > 0 ? [{ actions: ['sqs:GetQueueAttributes'], resources: queues.map((queue) => ({ queue })) }] : [],
  }),
  /** Queues it sends messages to (QUEUE_URLS, sqs:SendMessage on those only). */
  enqueue: kind({
    variables: { QUEUE_URLS: json<Record<WorkQueue, string>>() },
    grants: (queues: readonly WorkQueue[]) => queues.map((queue) => ({ actions: sendActions, resources: [{ queue }] })),
  }),
  /** Send events the bus refused for good to the stream failure queue (STREAM_FAILURE_QUEUE_URL, sqs:SendMessage on it). */
  streamFailures: kind({
    variables: {
      /** The stream failure queue: events the bus refused for good (the relay), on-failure records (Lambda). */
      STREAM_FAILURE_QUEUE_URL: z.string(),
    },
    grants: (_: 'send') => [{ actions: sendActions, resources: [{ streamFailures: true }] }],
  }),
  /**
   * The webhook targets it delivers to, signed (WEBHOOK_TARGETS, the signing secret of each of
   * these targets and of no other, the webhook queue's visibility for backoff). Consuming its
   * queue (ChangeMessageVisibility included) is granted by the queue trigger.
   */
  webhooks: kind({
    variables: {
      WEBHOOK_TARGETS: json<Partial<Record<WebhookTargetName, string>>>(),
      WEBHOOK_MAX_ATTEMPTS: z.coerce.number().check(z.int(), z.positive()),
      WEBHOOK_QUEUE_URL: z.string(),
      // Plus the signing secret of each target it delivers to (webhookSecretVariables: WEBHOOK_SECRET_ARN_<TARGET>
      // on AWS, WEBHOOK_SECRET_<TARGET> locally), read by adapters/webhooks/signing-secret.ts, one name per target.
    },
    // The signing secret of each target it delivers to, and no other: messaging cannot sign for telephony.
    grants: (targets: readonly WebhookTargetName[]) =>
      targets.map((target) => ({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [{ secret: target }] })),
  }),
  /**
   * The key of the erasure records' HMAC (a per-client secret, never in the config): its Secrets
   * Manager ARN on AWS (ERASURE_KEY_ARN, secretsmanager:GetSecretValue on it), a dev value locally
   * (ERASURE_KEY). Read by functions/adapters/privacy/erasure-key.ts.
   */
  erasureKey: kind({
    variables: { ERASURE_KEY_ARN: z.string().check(z.minLength(1)), ERASURE_KEY: z.string().check(z.minLength(1)) },
    grants: (_: true) => [{ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [{ erasureKey: true }] }],
  }),
  /** The escalation routing of the client config (ESCALATION_ROUTING). */
  routing: configKind({
    ESCALATION_ROUTING: jsonOf(
      z.object({
        tiers: z.record(z.string(), z.enum(escalationQueues)),
        skills: z.record(z.string(), z.enum(escalationQueues)),
        teams: z.record(z.enum(escalationQueues), z.string()),
        automatic: z._default(
          z.object({
            repeatContact: z.optional(z.object({ withinDays: z.number(), tier: z.number() })),
            negativeComplaintOrCancellation: z.optional(z.object({ tier: z.number() })),
            vip: z.optional(z.object({ tier: z.number() })),
          }),
          {},
        ),
      }),
    ),
  }),
  /** The SLA policies and business hours of the client config (SLA_RULES). */
  sla: configKind({ SLA_RULES: json<SlaRules>() }),
  /** The notification rules of the client config (NOTIFICATION_RULES). */
  notifications: configKind({ NOTIFICATION_RULES: json<NotificationRules>() }),
  /** The callback rules of the client config (CALLBACK_RULES). */
  callbacks: configKind({ CALLBACK_RULES: json<CallbackRules>() }),
  /** The client's languages, the locales of its knowledge base (LANGUAGES, DEFAULT_LANGUAGE). */
  knowledge: configKind({
    LANGUAGES: listOf(Language),
    DEFAULT_LANGUAGE: Language,
  }),
  /** The client's survey config (SURVEY_RULES); absent from the config: no survey is offered. */
  surveys: configKind({ SURVEY_RULES: json<SurveyRules | null>() }),
  /**
   * How long a self-care session lives after its last activity (SELFCARE_SESSION_TTL_HOURS), and
   * the window in which a signed-in visitor's contact elsewhere counts as following it (SELFCARE_CONTACT_WINDOW_HOURS).
   */
  selfcare: configKind({
    SELFCARE_SESSION_TTL_HOURS: z.coerce.number().check(z.int(), z.positive()),
    SELFCARE_CONTACT_WINDOW_HOURS: z.coerce.number().check(z.int(), z.positive()),
  }),
  /** The KPI windows, targets and surge thresholds of the client config, with its time zone and teams (KPI_RULES). */
  kpis: configKind({ KPI_RULES: json<KpiRules>() }),
};

export type AccessKindName = keyof typeof accessKinds;

/** What a function declares of each kind (`data: { actions: [...] }`, `queueStatus: ['callbacks']`, `sla: true`). */
export type Declared<K extends AccessKindName> = Parameters<(typeof accessKinds)[K]['grants']>[0];

/** A function's access: any of the kinds, each as that kind declares it. */
export type FunctionAccess = { readonly [K in AccessKindName]?: Declared<K> };

/** The environment variables of a kind. */
export type VariableOf<K extends AccessKindName> = keyof (typeof accessKinds)[K]['variables'] & string;

/** Every grant a function's access implies, in the order of the kinds. */
export function grantsOf(access: FunctionAccess): Grant[] {
  return (Object.keys(accessKinds) as AccessKindName[]).flatMap((name) => {
    const declared = access[name];
    return declared === undefined ? [] : (accessKinds[name].grants as (declared: unknown, access: FunctionAccess) => readonly Grant[])(declared, access);
  });
}
