import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isListed, type SupportCase } from '../../domain/cases';
import type { Escalation } from '../../domain/escalations';
import { nextSlaDueAt } from '../../domain/sla';
import { escalationItem } from './escalation-store';
import { recordOf, writeIfUnchanged } from './items';
import { indexNames, keys, slaShards } from './keys';
import type { OutboxEvent } from '../../domain/outbox-event';
import { worklistPages } from './worklist';
import type { CaseListFilter, Cases } from '../../use-cases/ports/cases';

/**
 * Cases: one item each, on their customer's timeline (byCustomer), on their status's case list
 * (caseLists) unless closed, and, while an SLA runs, on an SLA work list.
 */
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

  async page(filter: CaseListFilter, options: { limit: number; maxRead: number; after?: string }): Promise<{ cases: SupportCase[]; last?: string }> {
    const listKey = keys.caseList(filter.status);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':list': listKey };
    const conditions: string[] = [];
    if (filter.queue) {
      Object.assign(names, { '#escalation': 'escalation', '#queue': 'queue' });
      values[':queue'] = filter.queue;
      conditions.push('#escalation.#queue = :queue');
    }
    if (filter.assigneeId === null) {
      names['#assignee'] = 'assigneeId';
      conditions.push('attribute_not_exists(#assignee)');
    } else if (filter.assigneeId !== undefined) {
      names['#assignee'] = 'assigneeId';
      values[':assignee'] = filter.assigneeId;
      conditions.push('#assignee = :assignee');
    }
    if (filter.priority) {
      names['#priority'] = 'priority';
      values[':priority'] = filter.priority;
      conditions.push('#priority = :priority');
    }
    // One more than the page, so that a full page says whether another follows without a read
    // that comes back empty; a filtered read asks for more entries per request, as some fail it.
    const wanted = options.limit + 1;
    const cases: SupportCase[] = [];
    // Each case's place as the index holds it: the next page starts from there, not from a recomputed key.
    const places: string[] = [];
    let read = 0;
    let start: Record<string, unknown> | undefined = options.after ? listStart(listKey, options.after) : undefined;
    do {
      const missing = wanted - cases.length;
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexNames.caseLists,
          KeyConditionExpression: 'caseListKey = :list',
          ...(conditions.length ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: Math.min(options.maxRead - read, conditions.length ? missing * 4 : missing),
          ExclusiveStartKey: start,
        }),
      );
      read += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) {
        cases.push(recordOf<SupportCase>(item)!);
        places.push(item.caseListAt as string);
      }
      start = page.LastEvaluatedKey;
    } while (start && cases.length < wanted && read < options.maxRead);
    if (cases.length > options.limit) {
      cases.length = options.limit;
      return { cases, last: places[options.limit - 1]! };
    }
    return { cases, ...(start ? { last: start.caseListAt as string } : {}) };
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
      // On its status's case list unless closed: the item is written whole, so the list follows.
      ...(isListed(supportCase.status) ? { caseListKey: keys.caseList(supportCase.status), caseListAt: caseListAt(supportCase) } : {}),
      ...supportCase,
      ...(outbox ? { outbox } : {}),
    };
  }
}

function caseListAt(supportCase: Pick<SupportCase, 'updatedAt' | 'caseId'>): string {
  return keys.caseListAt(supportCase.updatedAt, supportCase.caseId);
}

function listStart(listKey: string, after: string) {
  return { ...keys.case(after.slice(after.indexOf('#') + 1)), caseListKey: listKey, caseListAt: after };
}
