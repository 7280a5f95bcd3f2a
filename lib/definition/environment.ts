import { type Retention, retentionOf } from '../../functions/domain/retention';
import { type WebhookTargetName, webhookSecretVariables } from '../../functions/domain/webhooks';
import type { ClientConfig } from '../config/client-config';
import type { AccessKindName, Declared, VariableOf } from '../../functions/definition/access';
import type { FunctionDefinition } from '../../functions/definition/functions';
import type { WorkQueue } from '../../functions/definition/queues';
import { escalationQueues } from '../../functions/domain/escalations';
import { defaultKpiSettings, type KpiRules } from '../../functions/domain/kpi-rules';

/**
 * The environment variables of a function, derived from the client config, the function's
 * declared access (each kind's variables, `accessEnvironment` below) and the names of the resources. The CDK stack sets them on each function; the
 * local runtime sets them on its process. `functions/commons/settings.ts` reads them.
 */
export interface ResourceNames {
  readonly dataTable: string;
  readonly idempotencyTable: string;
  readonly eventBus: string;
  readonly queueUrls: Readonly<Record<WorkQueue, string>>;
  /** Each configured webhook target's signing secret: its Secrets Manager ARN on AWS, the value itself locally. */
  readonly webhookSecrets: Readonly<Partial<Record<WebhookTargetName, { readonly arn: string } | { readonly value: string }>>>;
  /** The erasure records' HMAC key: its Secrets Manager ARN on AWS, a dev value locally. */
  readonly erasureKey?: { readonly arn: string } | { readonly value: string };
  /** The stream failure queue (events the bus refused for good, on-failure records of the table stream). */
  readonly streamFailureQueueUrl?: string;
  /** Local runs point every webhook target at the local receiver. */
  readonly webhookUrls?: Readonly<Record<string, string>>;
}

export function functionEnvironment(config: ClientConfig, fn: FunctionDefinition, names: ResourceNames): Record<string, string> {
  return {
    CLIENT_ID: config.clientId,
    CHANNELS: config.channels.join(','),
    INTERACTION_RETENTION_DAYS: String(config.retention.interactionsDays),
    INTERACTION_IMPORT_WINDOW_DAYS: String(config.retention.historyImportDays),
    RETENTION_SECONDS: JSON.stringify(retentionSeconds(config)),
    ROLE_CLAIM: config.auth.roleClaim,
    CUSTOMER_ID_CLAIM: config.auth.customerIdClaim,
    // One service per function: it is the `service` dimension of its metrics and a key of its logs.
    POWERTOOLS_SERVICE_NAME: `support-${fn.entry.split('/').pop()!.replace(/\.ts$/, '')}`,
    POWERTOOLS_METRICS_NAMESPACE: 'SupportBackend',
    POWERTOOLS_LOG_LEVEL: config.stage === 'prod' ? 'INFO' : 'DEBUG',
    // Each declared access kind's variables, as the kind's derivation below writes them.
    ...Object.assign(
      {},
      ...(Object.keys(accessEnvironment) as AccessKindName[]).map((kind) =>
        fn.access[kind] === undefined ? {} : (accessEnvironment[kind] as Derivation<AccessKindName>)(config, fn.access[kind] as never, names),
      ),
    ),
  };
}

/** How the values of one access kind's variables derive from the client config and the resource names. */
type Derivation<K extends AccessKindName> = (config: ClientConfig, declared: Declared<K>, names: ResourceNames) => { readonly [V in VariableOf<K>]?: string };

/**
 * One derivation per access kind (functions/definition/access.ts declares the variables and their
 * parsers; the compiler asks for an entry here for each kind, with only that kind's variables).
 */
const accessEnvironment: { readonly [K in AccessKindName]: Derivation<K> } = {
  data: (_, __, names) => ({ TABLE_NAME: names.dataTable }),
  idempotency: (_, __, names) => ({ IDEMPOTENCY_TABLE_NAME: names.idempotencyTable }),
  rateLimit: (config, _, names) => ({ TABLE_NAME: names.dataTable, RATE_LIMITS: JSON.stringify(config.rateLimits) }),
  bus: (_, __, names) => ({ EVENT_BUS_NAME: names.eventBus }),
  queueStatus: (_, queues, names) => (queues.length > 0 ? { QUEUE_URLS: JSON.stringify(names.queueUrls) } : {}),
  enqueue: (_, queues, names) => (queues.length > 0 ? { QUEUE_URLS: JSON.stringify(names.queueUrls) } : {}),
  streamFailures: (_, __, names) => ({ STREAM_FAILURE_QUEUE_URL: streamFailureQueueUrl(names) }),
  webhooks: (config, targets, names) => webhookEnvironment(config, targets, names),
  routing: (config) => ({ ESCALATION_ROUTING: JSON.stringify(escalationRouting(config)) }),
  sla: (config) => ({ SLA_RULES: JSON.stringify(slaRules(config)) }),
  notifications: (config) => ({ NOTIFICATION_RULES: JSON.stringify(notificationRules(config)) }),
  callbacks: (config) => ({ CALLBACK_RULES: JSON.stringify(config.callbacks) }),
  knowledge: (config) => ({ LANGUAGES: config.languages.join(','), DEFAULT_LANGUAGE: config.defaultLanguage }),
  surveys: (config) => ({ SURVEY_RULES: JSON.stringify(config.surveys ?? null) }),
  selfcare: (config) => ({
    SELFCARE_SESSION_TTL_HOURS: String(config.selfcare.sessionTtlHours),
    SELFCARE_CONTACT_WINDOW_HOURS: String(config.selfcare.contactWindowHours),
  }),
  kpis: (config) => ({ KPI_RULES: JSON.stringify(kpiRules(config)) }),
  // Without a key given (a test deriving environments only), none: the function fails loudly when it reads it (adapters/privacy/erasure-key.ts).
  erasureKey: (_, __, names) =>
    !names.erasureKey ? {} : 'arn' in names.erasureKey ? { ERASURE_KEY_ARN: names.erasureKey.arn } : { ERASURE_KEY: names.erasureKey.value },
};

/** How long each kind of record is kept, in seconds (functions/domain/retention.ts), from the config's days and hours. */
export function retentionSeconds(config: ClientConfig): Retention {
  const { interactionsDays, notificationsDays, callbacksDays, selfcareSessionsDays, idempotencyHours, webhookDeliveriesDays, erasureRecordsDays } =
    config.retention;
  const day = 86_400;
  return retentionOf(interactionsDays, {
    notifications: (notificationsDays ?? interactionsDays) * day,
    callbacks: (callbacksDays ?? interactionsDays) * day,
    selfcareSessions: (selfcareSessionsDays ?? interactionsDays) * day,
    idempotencyRecords: idempotencyHours * 3_600,
    webhookDeliveries: webhookDeliveriesDays * day,
    erasureRecords: erasureRecordsDays * day,
  });
}

/** What the KPI consumer and read need: the KPI settings with their defaults, the time zone, each queue's team and target. */
export function kpiRules(config: ClientConfig): KpiRules {
  const { fcrWindowDays, serviceLevelTargetMinutes, surges } = config.kpis;
  return {
    timezone: config.timezone,
    fcrWindowDays,
    serviceLevelTargetSeconds: Object.fromEntries(
      escalationQueues.map((queue) => [queue, (serviceLevelTargetMinutes[queue] ?? defaultKpiSettings.serviceLevelTargetMinutes) * 60]),
    ) as KpiRules['serviceLevelTargetSeconds'],
    teams: escalationRouting(config).teams as KpiRules['teams'],
    callbackWindowMinutes: config.callbacks.windowMinutes,
    surges,
  };
}

function streamFailureQueueUrl(names: ResourceNames): string {
  if (!names.streamFailureQueueUrl) throw new Error('A function sends to the stream failure queue, but no streamFailureQueueUrl was given');
  return names.streamFailureQueueUrl;
}

/** The SLA policies and the calendar they count in. */
export function slaRules(config: ClientConfig) {
  return { policies: config.sla.policies, hours: { timezone: config.timezone, ...config.businessHours } };
}

function notificationRules(config: ClientConfig) {
  const { case: kinds, satisfactionSurveyUrl, delivery } = config.notifications;
  return {
    case: kinds,
    ...(satisfactionSurveyUrl ? { satisfactionSurveyUrl } : {}),
    timezone: config.timezone,
    defaultLanguage: config.defaultLanguage,
    maxAttempts: delivery.maxAttempts,
  };
}

function webhookEnvironment(config: ClientConfig, deliversTo: readonly WebhookTargetName[], names: ResourceNames): Record<string, string> {
  const { delivery, ...targets } = config.webhooks;
  const urls = Object.fromEntries(Object.entries(targets).map(([target, settings]) => [target, names.webhookUrls?.[target] ?? settings!.url]));
  return {
    WEBHOOK_TARGETS: JSON.stringify(urls),
    WEBHOOK_MAX_ATTEMPTS: String(delivery.maxAttempts),
    WEBHOOK_QUEUE_URL: names.queueUrls.webhooks,
    // The secrets of the targets it delivers to, and of no other.
    ...Object.fromEntries(
      deliversTo.flatMap((target) => {
        const secret = names.webhookSecrets[target];
        if (!secret) return []; // A target the client did not configure has no secret.
        const variables = webhookSecretVariables(target);
        return [('arn' in secret ? [variables.arn, secret.arn] : [variables.value, secret.value]) as [string, string]];
      }),
    ),
  };
}

/** What the escalation functions need of the routing config: where to route, and each queue's team. */
export function escalationRouting(config: ClientConfig) {
  const { tiers, skills, queues, automatic } = config.routing;
  return { tiers, skills, automatic, teams: Object.fromEntries(Object.entries(queues).map(([queue, settings]) => [queue, settings.team])) };
}
