import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Escalation } from '../../domain/escalations';
import { recordOf, writeIfUnchanged } from './items';
import { keys } from './keys';
import type { OutboxEvent } from './outbox';

/** Escalation items; assignment updates the escalation and its case in one transaction. */
export class EscalationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(escalationId: string): Promise<Escalation | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.escalation(escalationId), ConsistentRead: true }));
    return recordOf<Escalation>(Item);
  }

  async create(escalation: Escalation, outbox: OutboxEvent): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.escalation(escalation.escalationId), type: 'escalation', ...escalation, outbox },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /**
   * Marks the escalation assigned and records it on the case, once: false when it was already
   * assigned (a message delivered twice) so the caller does nothing more.
   */
  async assign(escalation: Escalation, team: string, assignedAt: string, outbox: OutboxEvent): Promise<boolean> {
    const onCase = { escalationId: escalation.escalationId, queue: escalation.queue, team, assignedAt };
    return writeIfUnchanged(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.escalation(escalation.escalationId),
                UpdateExpression: 'SET #status = :assigned, team = :team, assignedAt = :at, outbox = :outbox',
                ConditionExpression: '#status = :requested',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':assigned': 'assigned', ':requested': 'requested', ':team': team, ':at': assignedAt, ':outbox': outbox },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.case(escalation.caseId),
                UpdateExpression: 'SET escalation = :escalation, updatedAt = :at, version = version + :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':escalation': onCase, ':at': assignedAt, ':one': 1 },
              },
            },
          ],
        }),
      ),
    );
  }
}
