/**
 * The tables of a client stack, declared once: the CDK stack and the local runtime (DynamoDB
 * Local) both create them from this, and the data-access code reads the attribute names from it.
 * The access patterns and the key of each are in docs/data-model.md.
 */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly globalIndexes: readonly IndexDefinition[];
  readonly timeToLiveAttribute: string;
  /** Stream view type, when the table feeds the outbox relay. */
  readonly stream?: 'NEW_AND_OLD_IMAGES';
}

export const tables = {
  /** Customers, identities, interactions, cases: one table, keys by access pattern. */
  data: {
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      /** A customer's timeline: every record of that customer, by time. */
      { indexName: 'byCustomer', partitionKey: 'customerKey', sortKey: 'timelineKey' },
      /** A case's interactions, by time. */
      { indexName: 'byCase', partitionKey: 'caseKey', sortKey: 'timelineKey' },
      /**
       * Work lists, by due time: sparse, so an item is on a list only while it waits (a case whose
       * SLA is running, an escalation not yet assigned). Watchers read only what is due.
       */
      { indexName: 'worklists', partitionKey: 'listKey', sortKey: 'listAt' },
      /**
       * Case lists (GET /cases), by last change: one partition per listed status, sparse (a closed
       * case is on none). An index of its own because a case's `listKey` is its SLA watch.
       */
      { indexName: 'caseLists', partitionKey: 'caseListKey', sortKey: 'caseListAt' },
    ],
    timeToLiveAttribute: 'expiresAt',
    stream: 'NEW_AND_OLD_IMAGES',
  },
  /**
   * Idempotency records (Powertools idempotency, Idempotency-Key header). A table of its own
   * because Powertools on a composite-key table would put every record under one static
   * partition key; here each key is its own partition and expires by TTL.
   */
  idempotency: {
    partitionKey: 'id',
    globalIndexes: [],
    timeToLiveAttribute: 'expiration',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tables;

/**
 * The partition key prefix of the rate counters on the data table (functions/adapters/dynamodb/keys.ts
 * writes them): the `rateLimit` access grants UpdateItem on these items only (./access.ts).
 */
export const rateKeyPrefix = 'RATE#';
