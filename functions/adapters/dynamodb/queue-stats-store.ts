import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';
import type { QueueStats } from '../../use-cases/ports/queues';

/** How long per-minute completion counts are kept: enough for any throughput window. */
const statsRetentionSeconds = 2 * 86_400;

/**
 * Work completed per queue and minute (escalations assigned, callbacks completed): the
 * throughput behind every wait estimate.
 */
export class QueueStatsStore implements QueueStats {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Counts one completion, and how long it waited, in its queue's minute. */
  async recordCompletion(queue: string, at: Date, waitedMs: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.queueStats(queue, at.toISOString().slice(0, 16)),
        UpdateExpression: 'ADD completed :one, waitedMs :waited SET expiresAt = if_not_exists(expiresAt, :expires)',
        ExpressionAttributeValues: { ':one': 1, ':waited': waitedMs, ':expires': Math.floor(at.getTime() / 1000) + statsRetentionSeconds },
      }),
    );
  }

  /** Completions and total wait of a queue since `since` (whole minutes). */
  async completionsSince(queue: string, since: Date): Promise<{ completed: number; waitedMs: number }> {
    const { pk } = keys.queueStats(queue, '');
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': pk, ':from': keys.queueStats(queue, since.toISOString().slice(0, 16)).sk },
      }),
    );
    return Items.reduce<{ completed: number; waitedMs: number }>(
      (sum, item) => ({ completed: sum.completed + Number(item.completed ?? 0), waitedMs: sum.waitedMs + Number(item.waitedMs ?? 0) }),
      { completed: 0, waitedMs: 0 },
    );
  }
}
