import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Notification, NotificationChannel } from '../../domain/notifications';
import type { OutboxEvent } from '../../domain/outbox-event';
import { recordOf, writeIfUnchanged } from './items';
import { keys } from './keys';
import { worklistPages } from './worklist';
import type { Notifications } from '../../use-cases/ports/notifications';

/** Notifications are kept `retention.notificationsDays` (by default as long as interactions: they are part of the customer's history). */
export class NotificationStore implements Notifications {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seconds a notification is kept after it was created (the client's `retention.notificationsDays`). */
    private readonly retentionSeconds: number,
  ) {}

  async get(notificationId: string): Promise<Notification | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.notification(notificationId), ConsistentRead: true }));
    return recordOf<Notification>(Item);
  }

  /** Stores a new notification on the customer's timeline; false when it exists (the same request again). */
  async create(notification: Notification, outbox?: OutboxEvent): Promise<boolean> {
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
            ...(outbox ? { outbox } : {}),
            expiresAt: Math.floor(new Date(notification.createdAt).getTime() / 1000) + this.retentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /**
   * Counts an attempt and takes its lease (a deferred notification is `queued` from then on);
   * false when it was sent, failed or superseded meanwhile, or another delivery of the same
   * request is sending it now (its lease is live).
   */
  async startAttempt(notificationId: string, now: Date, leaseUntil: Date): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notification(notificationId),
          UpdateExpression: 'SET #status = :queued, leaseUntil = :lease ADD attempts :one',
          ConditionExpression: '#status IN (:queued, :deferred) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':queued': 'queued', ':deferred': 'deferred', ':lease': leaseUntil.toISOString(), ':now': now.toISOString() },
        }),
      ),
    );
  }

  /**
   * A deferred incident notification whose revision a newer one overtook: suppressed as
   * `superseded`, off the deferred work list; false when it left `deferred` meanwhile.
   */
  async supersede(notificationId: string, outbox: OutboxEvent): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notification(notificationId),
          UpdateExpression: 'SET #status = :suppressed, reason = :superseded, outbox = :outbox REMOVE listKey, listAt',
          ConditionExpression: '#status = :deferred',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':suppressed': 'suppressed', ':superseded': 'superseded', ':deferred': 'deferred', ':outbox': outbox },
        }),
      ),
    );
  }

  /** Marks it sent with its event; once (two attempts that both got through, their leases having run out, publish one event). */
  async sent(notificationId: string, channel: NotificationChannel, at: Date, outbox: OutboxEvent): Promise<void> {
    await writeIfUnchanged(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.notification(notificationId),
          UpdateExpression: 'SET #status = :sent, sentAt = :at, channel = :channel, outbox = :outbox REMOVE listKey, listAt, lastError, leaseUntil',
          ConditionExpression: '#status <> :sent',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':at': at.toISOString(), ':channel': channel, ':outbox': outbox },
        }),
      ),
    );
  }

  /** An attempt failed: the error is kept and the lease let go (a retry may start); on the last attempt the notification is `failed`. */
  async attemptFailed(notificationId: string, error: string, final: boolean): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notification(notificationId),
        UpdateExpression: final ? 'SET lastError = :error, #status = :failed REMOVE listKey, listAt, leaseUntil' : 'SET lastError = :error REMOVE leaseUntil',
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
