import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Escalation } from '../../domain/escalations';
import { recordOf, writeIfUnchanged } from './items';
import { keys } from './keys';
import type { OutboxEvent } from '../../domain/outbox-event';
import { worklistPages } from './worklist';
import type { Escalations } from '../../use-cases/ports/escalations';

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
export class EscalationStore implements Escalations {
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
        // The case's place on its list moves with `updatedAt` (a closed case has no list key, so
        // the position alone puts it on none).
        UpdateExpression:
          'SET escalation.#status = :assigned, escalation.team = :team, escalation.assignedAt = :at, updatedAt = :at, caseListAt = :listAt, version = version + :one',
        ConditionExpression: 'escalation.escalationId = :id',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':assigned': 'assigned',
          ':team': team,
          ':at': assignedAt,
          ':listAt': keys.caseListAt(assignedAt, escalation.caseId),
          ':one': 1,
          ':id': escalation.escalationId,
        },
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

  /** When the oldest escalation still waiting in a queue was requested (undefined when none waits). */
  async oldestWaiting(queue: string): Promise<string | undefined> {
    const pages = worklistPages(this.db, this.tableName, keys.queueWaiting(queue), { projection: 'requestedAt', pageSize: 1 });
    const { value: first = [] } = await pages.next();
    return first[0]?.requestedAt as string | undefined;
  }
}
