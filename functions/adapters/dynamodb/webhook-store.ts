import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeIfUnchanged } from './items';
import { keys } from './keys';
import type { WebhookDeliveries } from '../../use-cases/ports/webhooks';

/**
 * One record per (event, target): it makes a delivery happen once although its message may be
 * delivered twice. A sender claims it with a lease before sending; a crash mid-send lets the
 * next attempt take over once the lease expires.
 */
export class WebhookStore implements WebhookDeliveries {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seconds a record is kept (the client's `retention.webhookDeliveriesDays`): it outlives any redelivery of its message (SQS keeps messages 4 days at most). */
    private readonly retentionSeconds: number,
  ) {}

  /** True when this sender may send now: not delivered, and nobody else holds a live lease. */
  async claim(eventId: string, target: string, now: Date, leaseSeconds: number): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.webhookDelivery(eventId, target),
          UpdateExpression: 'SET #status = :sending, leaseUntil = :lease, eventId = :eventId, target = :target, expiresAt = :expires ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(pk) OR (#status <> :delivered AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':delivered': 'delivered',
            ':lease': now.getTime() + leaseSeconds * 1000,
            ':now': now.getTime(),
            ':eventId': eventId,
            ':target': target,
            ':one': 1,
            ':expires': Math.floor(now.getTime() / 1000) + this.retentionSeconds,
          },
        }),
      ),
    );
  }

  async delivered(eventId: string, target: string, at: Date, status: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.webhookDelivery(eventId, target),
        UpdateExpression: 'SET #status = :delivered, deliveredAt = :at, lastStatus = :code REMOVE leaseUntil, lastError',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':delivered': 'delivered', ':at': at.toISOString(), ':code': status },
      }),
    );
  }

  /** The attempt failed: release the lease so the next attempt can send. */
  async failed(eventId: string, target: string, status: number, error: string | undefined): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.webhookDelivery(eventId, target),
        UpdateExpression: 'SET #status = :failed, lastStatus = :code, lastError = :error REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed', ':code': status, ':error': error ?? `HTTP ${status}` },
      }),
    );
  }
}
