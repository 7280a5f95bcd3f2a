import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { type Callback, isFinal } from '../../domain/callbacks';
import { recordOf, writeIfUnchanged } from './items';
import { indexNames, keys } from './keys';
import type { OutboxEvent } from '../../domain/outbox-event';
import { worklistPages } from './worklist';
import type { Callbacks } from '../../use-cases/ports/callbacks';

/**
 * Callbacks, on the customer's timeline and on their own list (both by request time). One open callback per customer: creating one claims the
 * customer's OPEN_CALLBACK item in the same transaction, and a final state releases it.
 */
export class CallbackStore implements Callbacks {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seconds a callback is kept after it was requested (the client's `retention.callbacksDays`): it holds a phone number. */
    private readonly retentionSeconds: number,
  ) {}

  async get(callbackId: string, consistent = false): Promise<Callback | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.callback(callbackId), ConsistentRead: consistent }));
    return recordOf<Callback>(Item);
  }

  /** The customer's open callback, if any. */
  async openOf(customerId: string): Promise<Callback | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.openCallback(customerId), ConsistentRead: true }));
    return Item ? this.get(Item.callbackId as string, true) : undefined;
  }

  /** Creates the callback if the customer has none open; false otherwise. */
  async create(callback: Callback, outbox: OutboxEvent): Promise<boolean> {
    const claim = { ...keys.openCallback(callback.customerId), type: 'openCallback', callbackId: callback.callbackId };
    return this.transact([
      { Put: { TableName: this.tableName, Item: claim, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.tableName, Item: this.item(callback, outbox), ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  }

  /** Replaces the callback if unchanged since read; a final state releases the customer's open slot. */
  async replace(next: Callback, expectedVersion: number, outbox: OutboxEvent): Promise<boolean> {
    const release = {
      TableName: this.tableName,
      Key: keys.openCallback(next.customerId),
      ConditionExpression: 'callbackId = :id',
      ExpressionAttributeValues: { ':id': next.callbackId },
    };
    return this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: this.item(next, outbox),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': expectedVersion },
        },
      },
      ...(isFinal(next.status) ? [{ Delete: release }] : []),
    ]);
  }

  private transact(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<boolean> {
    return writeIfUnchanged(() => this.db.send(new TransactWriteCommand({ TransactItems: items })));
  }

  /** Callbacks waiting for their time that are due by `now`, page by page. */
  async *due(now: Date): AsyncGenerator<string[]> {
    for await (const items of worklistPages(this.db, this.tableName, keys.scheduledCallbacks(), { until: now, projection: 'callbackId' })) {
      yield items.map((item) => item.callbackId as string);
    }
  }

  /**
   * One page of the callbacks of a profile and the profiles merged into it, newest first.
   * `before` is the timeline key of the last callback of the previous page (see timelinePage).
   */
  async pageOf(customerIds: readonly string[], limit: number, before?: string): Promise<{ callbacks: Callback[]; last?: string; more: boolean }> {
    const pages = await Promise.all(
      customerIds.map(async (customerId) => {
        const { Items = [] } = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: indexNames.byCase,
            KeyConditionExpression: before ? 'caseKey = :p AND timelineKey < :before' : 'caseKey = :p',
            ExpressionAttributeValues: { ':p': keys.customerCallbacks(customerId), ...(before ? { ':before': before } : {}) },
            ScanIndexForward: false,
            // One more than a page tells whether another page follows.
            Limit: limit + 1,
          }),
        );
        return Items;
      }),
    );
    const items = pages.flat().sort((a, b) => String(b.timelineKey).localeCompare(String(a.timelineKey)));
    const page = items.slice(0, limit);
    return { callbacks: page.map((item) => recordOf<Callback>(item)!), last: page.at(-1)?.timelineKey as string | undefined, more: items.length > limit };
  }

  private item(callback: Callback, outbox: OutboxEvent) {
    // Waiting for a later time (a window, a retry): on the work list the dispatcher reads.
    const waiting = callback.status === 'scheduled' || callback.status === 'no_answer';
    return {
      ...keys.callback(callback.callbackId),
      type: 'callback',
      customerKey: keys.customerTimeline(callback.customerId),
      caseKey: keys.customerCallbacks(callback.customerId),
      timelineKey: keys.timeline(callback.requestedAt, callback.callbackId),
      ...(waiting ? { listKey: keys.scheduledCallbacks(), listAt: callback.dueAt } : {}),
      ...callback,
      outbox,
      expiresAt: Math.floor(new Date(callback.requestedAt).getTime() / 1000) + this.retentionSeconds,
    };
  }
}
