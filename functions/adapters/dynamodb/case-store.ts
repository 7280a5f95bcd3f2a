import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SupportCase } from '../../domain/cases';
import { recordOf, writeIfUnchanged } from './items';
import { keys } from './keys';
import type { OutboxEvent } from './outbox';

/** Cases: one item each, on their customer's timeline through the byCustomer index. */
export class CaseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(caseId: string, consistent = false): Promise<SupportCase | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.case(caseId), ConsistentRead: consistent }));
    return recordOf<SupportCase>(Item);
  }

  async create(supportCase: SupportCase, outbox: OutboxEvent): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: this.item(supportCase, outbox),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** Replaces the case if nobody changed it since `expectedVersion` was read; false otherwise. */
  async replace(next: SupportCase, expectedVersion: number, outbox: OutboxEvent): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(next, outbox),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': expectedVersion },
        }),
      ),
    );
  }

  private item(supportCase: SupportCase, outbox: OutboxEvent) {
    return {
      ...keys.case(supportCase.caseId),
      type: 'case',
      customerKey: keys.customerTimeline(supportCase.customerId),
      timelineKey: keys.timeline(supportCase.openedAt, supportCase.caseId),
      ...supportCase,
      outbox,
    };
  }
}
