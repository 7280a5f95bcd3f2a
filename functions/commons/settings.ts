import * as z from 'zod/mini';
import { type AccessKindName, accessKinds, jsonOf, listOf, type VariableOf } from '../definition/access';
import { Channel } from '../domain/channels';
import { type RetentionKind, retentionKinds } from '../domain/retention';

/**
 * The settings every function has, whatever its access: the client, its channels and retention,
 * the claims, and tuning knobs the local runtime shortens.
 */
const commonSettings = {
  CLIENT_ID: z.string().check(z.minLength(1)),
  CHANNELS: listOf(Channel),
  INTERACTION_RETENTION_DAYS: z.coerce.number().check(z.int(), z.positive()),
  INTERACTION_IMPORT_WINDOW_DAYS: z._default(z.coerce.number().check(z.int(), z.gte(0)), 30),
  /** Seconds each kind of record is kept (functions/domain/retention.ts); unset, every kind as interactions and the defaults. */
  RETENTION_SECONDS: z.optional(
    jsonOf(z.object(Object.fromEntries(retentionKinds.map((kind) => [kind, z.int().check(z.positive())])) as Record<RetentionKind, z.ZodMiniInt>)),
  ),
  ROLE_CLAIM: z._default(z.string().check(z.minLength(1)), 'role'),
  CUSTOMER_ID_CLAIM: z._default(z.string().check(z.minLength(1)), 'sub'),
  /** How long a request waits for its rate counter before it is served uncounted (the local runtime: longer, DynamoDB Local is slower). */
  RATE_LIMIT_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.positive()), 1000),
  /** How long an instance trusts its list of active incidents (the local runtime: 0, always fresh). */
  ACTIVE_INCIDENTS_CACHE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(0)), 30),
  /** First retry delay; later ones double. The local runtime shortens it so tests see retries. */
  WEBHOOK_RETRY_BASE_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 10),
  /** How long the search function trusts the version of a locale's index before checking its pointer again (the local runtime: 0). */
  SEARCH_INDEX_CHECK_SECONDS: z._default(z.coerce.number().check(z.gte(0)), 5),
};

type AccessVariables = { [K in AccessKindName]: (typeof accessKinds)[K]['variables'] }[AccessKindName];
type UnionToIntersection<U> = (U extends unknown ? (union: U) => void : never) extends (intersection: infer I) => void ? I : never;
/** Every variable of every access kind, each optional: a function has those of the access it declares. */
type AccessSettings = { [V in keyof UnionToIntersection<AccessVariables>]: z.ZodMiniOptional<Extract<UnionToIntersection<AccessVariables>[V], z.ZodMiniType>> };

/**
 * The function's settings, read once from the environment that the stack (or the local runtime)
 * derived from the client config: see lib/definition/environment.ts. The variables of the access
 * kinds and their parsers are defined with the kinds (functions/definition/access.ts). Parsed
 * lazily so a function that does not need a setting does not fail for lacking it.
 */
const Settings = z.object({
  ...commonSettings,
  ...(Object.fromEntries(
    Object.values(accessKinds).flatMap((kind) => Object.entries(kind.variables).map(([name, parser]) => [name, z.optional(parser as z.ZodMiniType)])),
  ) as AccessSettings),
});

export type Settings = z.infer<typeof Settings>;

let cached: Settings | undefined;

export function settings(): Settings {
  cached ??= Settings.parse(process.env);
  return cached;
}

/** A variable that an access kind sets. */
export type AccessVariable = { [K in AccessKindName]: VariableOf<K> }[AccessKindName];

/** A setting the function needs; its absence is a deployment bug, so it fails loudly. */
export function required<K extends AccessVariable & keyof Settings>(key: K): NonNullable<Settings[K]> {
  const value = settings()[key];
  if (!value) throw new Error(`${key} is not set: the function was deployed without the access it needs`);
  return value;
}
