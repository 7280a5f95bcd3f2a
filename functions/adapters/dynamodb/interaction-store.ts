import { PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Callback } from '../../domain/callbacks';
import type { SupportCase } from '../../domain/cases';
import type { Survey } from '../../domain/surveys';
import type { Notification } from '../../domain/notifications';
import type { Interaction } from '../../domain/interactions';
import { recordOf } from './items';
import { indexNames, interactionSortPrefix, keys } from './keys';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { Interactions, TimelineRecord } from '../../use-cases/ports/interactions';

/**
 * Interactions, and the reads that span record types: a customer's timeline (their partition for
 * interactions, the byCustomer index for the rest) and a case's interactions (byCase index).
 * Queries only, never scans.
 */
export class InteractionStore implements Interactions {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores an interaction, to expire with the client's retention (DynamoDB TTL). */
  async put(interaction: Interaction, retentionDays: number, outbox: OutboxEvent): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: interactionItem(interaction, retentionDays, outbox), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  /**
   * One page of the timeline of a profile and the profiles merged into it, newest first.
   * `before` is the timeline key of the last record of the previous page: keys are unique and
   * comparable across profiles, so one key resumes the merged order exactly. Per profile, two
   * Queries: its interactions in its own partition (base table) and its other records (cases,
   * notifications, callbacks, surveys, and interactions stored before they moved there) on byCustomer.
   */
  async timelinePage(customerIds: readonly string[], limit: number, before?: string): Promise<{ records: TimelineRecord[]; last?: string; more: boolean }> {
    const pages = await Promise.all(
      customerIds.flatMap((customerId) => [
        this.query(
          {
            IndexName: indexNames.byCustomer,
            KeyConditionExpression: before ? 'customerKey = :p AND timelineKey < :before' : 'customerKey = :p',
            ExpressionAttributeValues: { ':p': keys.customerTimeline(customerId), ...(before ? { ':before': before } : {}) },
            ScanIndexForward: false,
            Limit: limit + 1,
          },
          limit + 1,
        ),
        // BETWEEN is inclusive: the record the cursor names is read again (one more) and dropped.
        this.query(
          {
            ...interactionsOf(customerId, interactionSortPrefix, before ? `${interactionSortPrefix}${before}` : `${interactionSortPrefix}~`),
            ScanIndexForward: false,
            Limit: limit + 2,
          },
          limit + 2,
        ).then((items) => items.filter((item) => item.timelineKey !== before)),
      ]),
    );
    const items = pages.flat().sort((a, b) => String(b.timelineKey).localeCompare(String(a.timelineKey)));
    const page = items.slice(0, limit);
    return { records: page.map(toTimelineRecord), last: page.at(-1)?.timelineKey as string | undefined, more: items.length > limit };
  }

  /** Every interaction of a case, oldest first. */
  async ofCase(caseId: string, max = 1000): Promise<Interaction[]> {
    const items = await this.query(
      { IndexName: indexNames.byCase, KeyConditionExpression: 'caseKey = :c', ExpressionAttributeValues: { ':c': keys.caseTimeline(caseId) } },
      max,
    );
    return items.map((item) => recordOf<Interaction>(item)!);
  }

  /** The interactions of these profiles since a time, oldest first. */
  async since(customerIds: readonly string[], since: string, max = 500): Promise<Interaction[]> {
    const pages = await Promise.all(
      customerIds.flatMap((customerId) => [
        this.query(interactionsOf(customerId, `${interactionSortPrefix}${since}`, `${interactionSortPrefix}~`), max),
        // Interactions stored before they moved to the customer's partition (until they expire).
        this.query(
          {
            IndexName: indexNames.byCustomer,
            KeyConditionExpression: 'customerKey = :p AND timelineKey >= :since',
            FilterExpression: '#type = :interaction',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':p': keys.customerTimeline(customerId), ':since': since, ':interaction': 'interaction' },
          },
          max,
        ),
      ]),
    );
    return pages
      .flat()
      .sort((a, b) => String(a.timelineKey).localeCompare(String(b.timelineKey)))
      .map((item) => recordOf<Interaction>(item)!);
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>, max: number): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < max);
    return items.slice(0, max);
  }
}

/**
 * The item of an interaction: under its customer (`keys.interaction`), with its timeline key (the
 * byCase index's sort key when it is on a case, and the timeline's merge order), no `customerKey`.
 */
export function interactionItem(interaction: Interaction, retentionDays: number, outbox?: OutboxEvent): Record<string, unknown> {
  const expiresAt = Math.floor(new Date(interaction.occurredAt).getTime() / 1000) + retentionDays * 86_400;
  return {
    ...keys.interaction(interaction.customerId, interaction.occurredAt, interaction.interactionId),
    type: 'interaction',
    timelineKey: keys.timeline(interaction.occurredAt, interaction.interactionId),
    ...(interaction.caseId ? { caseKey: keys.caseTimeline(interaction.caseId) } : {}),
    ...interaction,
    expiresAt,
    ...(outbox ? { outbox } : {}),
  };
}

/** A Query of a customer's interactions (base table) whose sort key is between `from` and `to`, inclusive. */
function interactionsOf(customerId: string, from: string, to: string): Omit<QueryCommandInput, 'TableName'> {
  return {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.customer(customerId).pk, ':from': from, ':to': to },
  };
}

function toTimelineRecord(item: Record<string, unknown>): TimelineRecord {
  switch (item.type) {
    case 'case':
      return { type: 'case', record: recordOf<SupportCase>(item)! };
    case 'notification':
      return { type: 'notification', record: recordOf<Notification>(item)! };
    case 'callback':
      return { type: 'callback', record: recordOf<Callback>(item)! };
    case 'survey':
      return { type: 'survey', record: recordOf<Survey>(item)! };
    default:
      return { type: 'interaction', record: recordOf<Interaction>(item)! };
  }
}
