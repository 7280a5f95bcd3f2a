/**
 * How long each kind of record is kept (the client config's `retention`), applied with the
 * table's TTL attribute on every write: DynamoDB deletes an item soon after its `expiresAt`
 * (the local runtime's sweeper does the same, local/ttl-sweeper.ts). One list, so the config
 * schema, the settings, the stores and docs/privacy.md name the same kinds.
 */
export const retentionKinds = [
  'interactions',
  'notifications',
  'callbacks',
  'selfcareSessions',
  'idempotencyRecords',
  'webhookDeliveries',
  'erasureRecords',
] as const;
export type RetentionKind = (typeof retentionKinds)[number];

/** Seconds each kind is kept after its reference time (a contact's time, a request's, the last change). */
export type Retention = Readonly<Record<RetentionKind, number>>;

/** Defaults of the kinds a client config may leave out, in seconds. */
export const defaultRetentionSeconds = {
  /** Powertools idempotency: a key answers its retries for 24 hours. */
  idempotencyRecords: 24 * 3_600,
  /** Longer than any redelivery of a webhook message (SQS keeps messages 4 days at most). */
  webhookDeliveries: 14 * 86_400,
  /** The proof that an erasure was done: 12 months. */
  erasureRecords: 365 * 86_400,
} as const satisfies Partial<Retention>;

/** Every kind kept as long as interactions, and the defaults above: what a store needs when nothing else is configured. */
export function retentionOf(interactionsDays: number, overrides: Partial<Retention> = {}): Retention {
  const days = interactionsDays * 86_400;
  return { interactions: days, notifications: days, callbacks: days, selfcareSessions: days, ...defaultRetentionSeconds, ...overrides };
}

/** The TTL value (epoch seconds) of a record of `kind` whose retention counts from `from`. */
export function expiryOf(retention: Retention, kind: RetentionKind, from: Date | string): number {
  return Math.floor(new Date(from).getTime() / 1000) + retention[kind];
}
