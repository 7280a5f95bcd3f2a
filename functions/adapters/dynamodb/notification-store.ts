import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Notification, NotificationChannel } from '../../domain/notifications';
import { recordOf, writeIfUnchanged } from './items';
import { keys } from './keys';
import { worklistPages } from './worklist';

/** Notifications are kept as long as interactions: they are part of the customer's history. */
export class NotificationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
  ) {}

  async get(notificationId: string): Promise<Notification | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.notification(notificationId), ConsistentRead: true }));
    return recordOf<Notification>(Item);
  }

  /** Stores a new notification on the customer's timeline; false when it exists (the same request again). */
  async create(notification: Notification): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.notification(notification.notificationId),
            type: 'notification',
            customerKey: keys.customerTimeline(notification.customerId),
            timelineKey: keys.timeline(notification.createdAt, notification.notificationId),
            ...(notification.deferredUntil ? { listKey: keys.deferredNotifications(), listAt: notification.deferredUntil } : {}),
            ...notification,
            expiresAt: Math.floor(new Date(notification.createdAt).getTime() / 1000) + this.retentionDays * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /** Counts an attempt; false when it was sent meanwhile (another delivery of the same request). */
  async startAttempt(notificationId: string): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notification(notificationId),
          UpdateExpression: 'ADD attempts :one',
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':queued': 'queued' },
        }),
      ),
    );
  }

  async sent(notificationId: string, channel: NotificationChannel, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notification(notificationId),
        UpdateExpression: 'SET #status = :sent, sentAt = :at, channel = :channel REMOVE listKey, listAt, lastError',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at.toISOString(), ':channel': channel },
      }),
    );
  }

  /** An attempt failed: the error is kept; on the last attempt the notification is `failed`. */
  async attemptFailed(notificationId: string, error: string, final: boolean): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notification(notificationId),
        UpdateExpression: final ? 'SET lastError = :error, #status = :failed REMOVE listKey, listAt' : 'SET lastError = :error',
        ExpressionAttributeNames: final ? { '#status': 'status' } : undefined,
        ExpressionAttributeValues: { ':error': error, ...(final ? { ':failed': 'failed' } : {}) },
      }),
    );
  }

  /** Notifications held back by quiet hours that may go now, page by page. */
  async *deferredDue(now: Date): AsyncGenerator<string[]> {
    for await (const items of worklistPages(this.db, this.tableName, keys.deferredNotifications(), { until: now, projection: 'notificationId' })) {
      yield items.map((item) => item.notificationId as string);
    }
  }
}
