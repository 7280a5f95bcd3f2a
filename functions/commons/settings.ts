import * as z from 'zod';
import { Channel } from '../domain/channels';
import { escalationQueues } from '../domain/escalations';
import type { SlaRules } from '../domain/sla';
import type { NotificationRules } from '../domain/notifications';
import type { CallbackRules } from '../domain/callbacks';
import type { RateLimits } from '../domain/rate-limits';
import type { WebhookTargetName } from '../domain/webhooks';
import type { WorkQueue } from '../definition/queues';

/**
 * The function's settings, read once from the environment that the stack (or the local runtime)
 * derived from the client config: see lib/definition/environment.ts. Parsed lazily so a function
 * that does not need a setting does not fail for lacking it.
 */
const Settings = z.object({
  CLIENT_ID: z.string().min(1),
  CHANNELS: z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(Channel)),
  INTERACTION_RETENTION_DAYS: z.coerce.number().int().positive(),
  INTERACTION_IMPORT_WINDOW_DAYS: z.coerce.number().int().min(0).default(30),
  ROLE_CLAIM: z.string().min(1).default('role'),
  CUSTOMER_ID_CLAIM: z.string().min(1).default('sub'),
  TABLE_NAME: z.string().min(1).optional(),
  IDEMPOTENCY_TABLE_NAME: z.string().min(1).optional(),
  EVENT_BUS_NAME: z.string().min(1).optional(),
  ESCALATION_ROUTING: z
    .string()
    .transform((value) => JSON.parse(value) as unknown)
    .pipe(
      z.object({
        tiers: z.record(z.string(), z.enum(escalationQueues)),
        skills: z.record(z.string(), z.enum(escalationQueues)),
        teams: z.record(z.enum(escalationQueues), z.string()),
        automatic: z
          .object({ repeatContact: z.object({ withinDays: z.number(), tier: z.number() }).optional(), negativeComplaintOrCancellation: z.object({ tier: z.number() }).optional(), vip: z.object({ tier: z.number() }).optional() })
          .default({}),
      }),
    )
    .optional(),
  SLA_RULES: z
    .string()
    .transform((value) => JSON.parse(value) as SlaRules)
    .optional(),
  NOTIFICATION_RULES: z
    .string()
    .transform((value) => JSON.parse(value) as NotificationRules)
    .optional(),
  CALLBACK_RULES: z
    .string()
    .transform((value) => JSON.parse(value) as CallbackRules)
    .optional(),
  /** Per-caller request limits; set on the HTTP functions (access `rateLimit`). */
  RATE_LIMITS: z
    .string()
    .transform((value) => JSON.parse(value) as RateLimits)
    .optional(),
  /** How long a request waits for its rate counter before it is served uncounted (the local runtime: longer, DynamoDB Local is slower). */
  RATE_LIMIT_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  QUEUE_URLS: z
    .string()
    .transform((value) => JSON.parse(value) as Record<WorkQueue, string>)
    .optional(),
  WEBHOOK_TARGETS: z
    .string()
    .transform((value) => JSON.parse(value) as Partial<Record<WebhookTargetName, string>>)
    .optional(),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().positive().optional(),
  WEBHOOK_QUEUE_URL: z.string().optional(),
  /** The stream failure queue: events the bus refused for good (the relay), on-failure records (Lambda). */
  STREAM_FAILURE_QUEUE_URL: z.string().optional(),
  /** How long an instance trusts its list of active incidents (the local runtime: 0, always fresh). */
  ACTIVE_INCIDENTS_CACHE_SECONDS: z.coerce.number().int().min(0).default(30),
  /** First retry delay; later ones double. The local runtime shortens it so tests see retries. */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().int().positive().default(10),
  // The signing secrets (WEBHOOK_SECRET_ARN_<TARGET>, WEBHOOK_SECRET_<TARGET>) are read by
  // adapters/webhooks/signing-secret.ts: one per target, named by webhookSecretVariables.
});

export type Settings = z.infer<typeof Settings>;

let cached: Settings | undefined;

export function settings(): Settings {
  cached ??= Settings.parse(process.env);
  return cached;
}

/** A setting the function needs; its absence is a deployment bug, so it fails loudly. */
export function required<
  K extends 'TABLE_NAME' | 'IDEMPOTENCY_TABLE_NAME' | 'EVENT_BUS_NAME' | 'SLA_RULES' | 'QUEUE_URLS' | 'WEBHOOK_TARGETS' | 'WEBHOOK_QUEUE_URL' | 'STREAM_FAILURE_QUEUE_URL' | 'NOTIFICATION_RULES' | 'CALLBACK_RULES',
>(key: K): NonNullable<Settings[K]> {
  const value = settings()[key];
  if (!value) throw new Error(`${key} is not set: the function was deployed without the access it needs`);
  return value;
}
