import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { indexNames } from './keys';

/**
 * Reads one work list of the sparse `worklists` index: the items waiting on it whose time is at
 * or before `until` (all of them without), oldest first, page by page.
 */
export async function* worklistPages(
  db: DynamoDBDocumentClient,
  tableName: string,
  listKey: string,
  options: { until?: Date; projection: string; pageSize?: number },
): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexNames.worklists,
        KeyConditionExpression: options.until ? 'listKey = :list AND listAt <= :until' : 'listKey = :list',
        ExpressionAttributeValues: { ':list': listKey, ...(options.until ? { ':until': options.until.toISOString() } : {}) },
        ProjectionExpression: options.projection,
        ...(options.pageSize ? { Limit: options.pageSize } : {}),
        ExclusiveStartKey: start,
      }),
    );
    yield page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start);
}
