import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SupportCase } from '../../domain/cases';
import type { Escalation } from '../../domain/escalations';
import { nextSlaDueAt } from '../../domain/sla';
import { escalationItem } from './escalation-store';
import { recordOf, writeIfUnchanged } from './items';
import { keys, slaShards } from './keys';
import type { OutboxEvent } from '../../domain/outbox-event';
import { worklistPages } from './worklist';
import type { Cases } from '../../use-cases/ports/cases';

/** Cases: one item each, on their customer's timeline (byCustomer) and, while an SLA runs, on an SLA work list. */
export class CaseStore implements Cases {
  readonly slaShards = slaShards;

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

  /**
   * Replaces the case if nobody changed it since `expectedVersion` was read; false otherwise.
   * Without an outbox event the write publishes nothing (the stream filter skips it).
   */
  async replace(next: SupportCase, expectedVersion: number, outbox?: OutboxEvent): Promise<boolean> {
    return writeIfUnchanged(() => this.db.send(new PutCommand(this.replacement(next, expectedVersion, outbox))));
  }

  /**
   * Replaces the case and creates an escalation of it, together: the case shows the escalation
   * as soon as it exists, and two escalations cannot be requested from the same version.
   */
  async replaceWithEscalation(
    next: SupportCase,
    expectedVersion: number,
    caseOutbox: OutboxEvent | undefined,
    escalation: Escalation,
    escalationOutbox: OutboxEvent,
  ): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: this.replacement(next, expectedVersion, caseOutbox) },
            { Put: { TableName: this.tableName, Item: escalationItem(escalation, escalationOutbox), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      ),
    );
  }

  /** Ids of the cases on one SLA work list whose next due time is at or before `now`, page by page. */
  async *slaDue(shard: number, now: Date): AsyncGenerator<string[]> {
    for await (const items of worklistPages(this.db, this.tableName, keys.slaWatch(shard), { until: now, projection: 'caseId' })) {
      yield items.map((item) => item.caseId as string);
    }
  }

  private replacement(next: SupportCase, expectedVersion: number, outbox: OutboxEvent | undefined) {
    return {
      TableName: this.tableName,
      Item: this.item(next, outbox),
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': expectedVersion },
    };
  }

  private item(supportCase: SupportCase, outbox: OutboxEvent | undefined) {
    const slaDueAt = nextSlaDueAt(supportCase.sla);
    return {
      ...keys.case(supportCase.caseId),
      type: 'case',
      customerKey: keys.customerTimeline(supportCase.customerId),
      timelineKey: keys.timeline(supportCase.openedAt, supportCase.caseId),
      // On the SLA work list only while a target runs: the monitor reads what is due, nothing else.
      ...(slaDueAt ? { listKey: keys.slaWatch(keys.slaShardOf(supportCase.caseId)), listAt: slaDueAt } : {}),
      ...supportCase,
      ...(outbox ? { outbox } : {}),
    };
  }
}
