import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Escalation } from '../../domain/escalations';
import { recordOf, writeIfUnchanged } from './items';
import { indexNames, keys } from './keys';
import type { OutboxEvent } from './outbox';

/** How long per-minute completion counts are kept: enough for any throughput window. */
const statsRetentionSeconds = 2 * 86_400;

/** The item of a new escalation: on its queue's work list until a worker assigns it. */
export function escalationItem(escalation: Escalation, outbox: OutboxEvent) {
  return {
    ...keys.escalation(escalation.escalationId),
    type: 'escalation',
    listKey: keys.queueWaiting(escalation.queue),
    listAt: keys.timeline(escalation.requestedAt, escalation.escalationId),
    ...escalation,
    outbox,
  };
}

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

  /**
   * Marks the escalation assigned (it leaves its queue's work list) and, when it is still the
   * case's latest escalation, records the team on the case: one transaction. False when either
   * condition failed (assigned meanwhile, or a newer escalation replaced it on the case): the
   * caller reads again.
   */
  async assign(escalation: Escalation, team: string, assignedAt: string, outbox: OutboxEvent, onCase: boolean): Promise<boolean> {
    const caseUpdate = {
      Update: {
        TableName: this.tableName,
        Key: keys.case(escalation.caseId),
        UpdateExpression: 'SET escalation.#status = :assigned, escalation.team = :team, escalation.assignedAt = :at, updatedAt = :at, version = version + :one',
        ConditionExpression: 'escalation.escalationId = :id',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':assigned': 'assigned', ':team': team, ':at': assignedAt, ':one': 1, ':id': escalation.escalationId },
      },
    };
    return writeIfUnchanged(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.escalation(escalation.escalationId),
                UpdateExpression: 'SET #status = :assigned, team = :team, assignedAt = :at, outbox = :outbox REMOVE listKey, listAt',
                ConditionExpression: '#status = :requested',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':assigned': 'assigned', ':requested': 'requested', ':team': team, ':at': assignedAt, ':outbox': outbox },
              },
            },
            ...(onCase ? [caseUpdate] : []),
          ],
        }),
      ),
    );
  }

  /** Counts an assignment in its queue's minute (throughput for wait estimates). */
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
    return Items.reduce<{ completed: number; waitedMs: number }>((sum, item) => ({ completed: sum.completed + Number(item.completed ?? 0), waitedMs: sum.waitedMs + Number(item.waitedMs ?? 0) }), { completed: 0, waitedMs: 0 });
  }

  /** When the oldest escalation still waiting in a queue was requested (undefined when none waits). */
  async oldestWaiting(queue: string): Promise<string | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.worklists,
        KeyConditionExpression: 'listKey = :list',
        ExpressionAttributeValues: { ':list': keys.queueWaiting(queue) },
        ProjectionExpression: 'requestedAt',
        Limit: 1,
      }),
    );
    return Items[0]?.requestedAt as string | undefined;
  }
}
