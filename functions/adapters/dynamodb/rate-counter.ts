import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CountedCaller } from '../../domain/rate-limits';
import { isConditionFailure } from './items';
import { keys } from './keys';

/**
 * Fixed-window request counters on the data table: one conditional UpdateItem per counted
 * request (1 WRU: the item is under 1 KB), no read. The condition refuses the increment once the
 * window holds `limit` requests, so a refused request changes nothing and the count stays at the
 * limit. Each counter carries the window end as its TTL.
 *
 * @example
 * const counter = new RateCounter(documentClient, tableName);
 * const allowed = await counter.take({ kind: 'customer', id: 'c1', limit: 50 }, windowOf(now, 10));
 */
export class RateCounter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The counter is on every request path: give up quickly (and serve uncounted) rather than hold the request. */
    private readonly timeoutMs = 1000,
  ) {}

  /** Counts one request of `caller` in `window`; false when the window already holds its limit. */
  async take(caller: CountedCaller, window: { start: Date; end: Date }): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rateWindow(caller.kind, caller.id, window.start),
          UpdateExpression: 'ADD #count :one SET #type = :type, expiresAt = if_not_exists(expiresAt, :expires)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'requests', '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':type': 'rateWindow', ':limit': caller.limit, ':expires': Math.ceil(window.end.getTime() / 1000) },
        }),
        { abortSignal: AbortSignal.timeout(this.timeoutMs) },
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
