import { ConditionalCheckFailedException, DeleteItemCommand, type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type TableName, tables } from '../functions/definition/table';

/**
 * DynamoDB Local keeps expired items for ever (its TTL setting is accepted and ignored), so the
 * local runtime deletes them itself, the way DynamoDB TTL does on AWS (AWS docs, "Working with
 * time to live"):
 * - an item whose TTL attribute (a number, epoch seconds) is in the past is deleted, some time
 *   after: on AWS within days, typically much sooner; here at the next sweep (every minute in
 *   `npm start`), so a few minutes late at most. An item without the attribute, or with a
 *   non-number, is never deleted;
 * - the deletion is a DeleteItem conditioned on the TTL value read, so an item rewritten with a
 *   later expiry meanwhile stays (TTL checks the item again before deleting);
 * - it leaves a `REMOVE` record in the table's stream, which DynamoDB marks as a service
 *   deletion: `userIdentity: { type: "Service", principalId: "dynamodb.amazonaws.com" }`. DynamoDB
 *   Local writes no userIdentity, so the sweeper remembers what it deleted and the stream trigger
 *   marks those records (`serviceDeletion`); consumers tell expiry from a deletion by the code.
 * It scans, which no function may: it plays the part of the service, not of a function, and its
 * calls are not checked against a role (like the stream and queue polling of the triggers).
 */
export interface TtlSweeper {
  /** Deletes every item of the runtime's tables expired at `at` (default: now); resolves to how many it deleted. */
  sweep(at?: Date): Promise<number>;
  /** The stream record's userIdentity when the REMOVE of these keys was the sweeper's, as DynamoDB marks its TTL deletions. */
  serviceDeletion(tableName: string, keys: Record<string, AttributeValue> | undefined): ServiceIdentity | undefined;
}

export interface ServiceIdentity {
  readonly type: 'Service';
  readonly principalId: 'dynamodb.amazonaws.com';
}

export const ttlServiceIdentity: ServiceIdentity = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };

export function ttlSweeper(client: DynamoDBClient, tableNames: Readonly<Record<TableName, string>>, log: (line: string) => void = () => undefined): TtlSweeper {
  // Keys (as stream records carry them) of the items the sweeper deleted, per table.
  const deleted = new Set<string>();
  const keyOf = (tableName: string, keys: Record<string, AttributeValue>) =>
    `${tableName}|${JSON.stringify(
      Object.keys(keys)
        .sort()
        .map((name) => [name, keys[name]]),
    )}`;
  let running: Promise<number> | undefined;

  async function sweepTable(table: TableName, at: Date): Promise<number> {
    const { partitionKey, timeToLiveAttribute } = tables[table];
    const sortKey = 'sortKey' in tables[table] ? (tables[table] as { sortKey: string }).sortKey : undefined;
    const tableName = tableNames[table];
    const now = Math.floor(at.getTime() / 1000);
    let count = 0;
    const pages = paginateScan(
      { client },
      {
        TableName: tableName,
        ProjectionExpression: ['#pk', ...(sortKey ? ['#sk'] : []), '#ttl'].join(', '),
        FilterExpression: '#ttl <= :now',
        ExpressionAttributeNames: { '#pk': partitionKey, ...(sortKey ? { '#sk': sortKey } : {}), '#ttl': timeToLiveAttribute },
        ExpressionAttributeValues: { ':now': { N: String(now) } },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const keys = { [partitionKey]: item[partitionKey]!, ...(sortKey ? { [sortKey]: item[sortKey]! } : {}) };
        // Remembered before the delete: the stream record may be read before the call returns.
        const key = keyOf(tableName, keys);
        deleted.add(key);
        try {
          await client.send(
            new DeleteItemCommand({
              TableName: tableName,
              Key: keys,
              ConditionExpression: '#ttl = :read',
              ExpressionAttributeNames: { '#ttl': timeToLiveAttribute },
              ExpressionAttributeValues: { ':read': item[timeToLiveAttribute]! },
            }),
          );
          count++;
        } catch (error) {
          // Rewritten with another expiry (or deleted) since the scan: not expired any more.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    }
    return count;
  }

  return {
    sweep: async (at = new Date()) => {
      // One sweep at a time: a timer's and a test's would delete the same items twice.
      while (running) await running.catch(() => undefined);
      running = (async () => {
        let count = 0;
        for (const table of Object.keys(tables) as TableName[]) count += await sweepTable(table, at);
        if (count > 0) log(`ttl              deleted ${count} expired item(s) (as of ${at.toISOString()})`);
        return count;
      })();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
    serviceDeletion: (tableName, keys) => (keys && deleted.has(keyOf(tableName, keys)) ? ttlServiceIdentity : undefined),
  };
}
