import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Incident } from '../../domain/incidents';
import { isConditionFailure, recordOf, writeIfUnchanged } from './items';
import { incidentShards, indexNames, keys, shardOf } from './keys';
import type { OutboxEvent } from '../../domain/outbox-event';
import { worklistPages } from './worklist';
import { type ActiveIncident, type IncidentCounter, incidentCounters, type Incidents, type SegmentValue } from '../../use-cases/ports/incidents';

/** Incidents; the active ones are on a work list that every recorded contact checks. */
export class IncidentStore implements Incidents {
  /** Shards of each incident's audience list (a later revision reads each). */
  readonly audienceShards = incidentShards;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(incidentId: string, consistent = false): Promise<Incident | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.incident(incidentId), ConsistentRead: consistent }));
    return recordOf<Incident>(Item);
  }

  async create(incident: Incident, outbox: OutboxEvent): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: this.item(incident, outbox), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async replace(next: Incident, expectedVersion: number, outbox: OutboxEvent): Promise<boolean> {
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

  /** The incidents in progress, with what a contact is checked against (their work list projects no more). */
  async active(): Promise<ActiveIncident[]> {
    const incidents: ActiveIncident[] = [];
    for await (const items of worklistPages(this.db, this.tableName, keys.activeIncidents(), {
      projection: 'incidentId, title, severity, affected, declaredAt',
    })) {
      incidents.push(...items.map((item) => recordOf<ActiveIncident>(item)!));
    }
    return incidents;
  }

  /**
   * One page of the active incidents, newest first, that affect any of `anyOf` (a customer's
   * segments; absent: all) and `segment` if given: a Query on the work list, the segment tests a
   * filter on the few active incidents. Pages on until `limit` match or the list ends.
   */
  async activePage(options: {
    anyOf?: SegmentValue[];
    segment?: SegmentValue;
    limit: number;
    before?: string;
  }): Promise<{ incidents: Incident[]; last?: string; more: boolean }> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':list': keys.activeIncidents() };
    const test = (segment: SegmentValue, tag: string) => {
      names[`#${segment.attribute}`] = segment.attribute;
      values[`:${tag}`] = segment.value;
      return `contains(affected.#${segment.attribute}, :${tag})`;
    };
    const filters = [
      ...(options.anyOf ? [`(${options.anyOf.map((segment, i) => test(segment, `any${i}`)).join(' OR ')})`] : []),
      ...(options.segment ? [test(options.segment, 'segment')] : []),
    ];
    const incidents: Incident[] = [];
    let start: Record<string, unknown> | undefined = options.before
      ? { listKey: keys.activeIncidents(), listAt: options.before, ...keys.incident(options.before.slice(options.before.indexOf('#') + 1)) }
      : undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexNames.worklists,
          KeyConditionExpression: 'listKey = :list',
          ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: options.limit - incidents.length + 1,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (incidents.length === options.limit) return { incidents, last: incidentListAt(incidents.at(-1)!), more: true };
        incidents.push(recordOf<Incident>(item)!);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return { incidents, more: false };
  }

  /**
   * Records that a customer of the audience is told `revision`, unless they were told a newer
   * one (then undefined: never an older revision after a newer one). `first` when this is the
   * first revision they are told (a retry of the same revision keeps its answer).
   */
  async claimAudience(incidentId: string, customerId: string, revision: number): Promise<{ first: boolean } | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.incidentAudience(incidentId, customerId),
          UpdateExpression: 'SET customerId = :customer, heard = :revision, firstHeard = if_not_exists(firstHeard, :revision)',
          ConditionExpression: 'attribute_not_exists(heard) OR heard <= :revision',
          ExpressionAttributeValues: { ':customer': customerId, ':revision': revision },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { first: Attributes?.firstHeard === revision };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** The latest revision a customer of the audience was told, if any. */
  async heard(incidentId: string, customerId: string): Promise<number | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.incidentAudience(incidentId, customerId), ConsistentRead: true, ProjectionExpression: 'heard' }),
    );
    return Item?.heard as number | undefined;
  }

  /** One page of one shard of the customers an incident was told to (a Query, consistent: a later revision misses nobody told before it). */
  async audiencePage(incidentId: string, shard: number, cursor: string | undefined, limit: number): Promise<{ customerIds: string[]; next?: string }> {
    const pk = keys.incidentAudienceShard(incidentId, shard);
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'customerId',
        ConsistentRead: true,
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: { pk, sk: `CUSTOMER#${cursor}` } } : {}),
      }),
    );
    const customerIds = (page.Items ?? []).map((item) => item.customerId as string);
    return { customerIds, ...(page.LastEvaluatedKey ? { next: customerIds.at(-1)! } : {}) };
  }

  /** Adds to an incident's counters, on a shard picked by the caller (spread the writes). */
  async count(incidentId: string, counts: Partial<Record<IncidentCounter, number>>, shardSeed: string): Promise<void> {
    const entries = Object.entries(counts).filter(([, n]) => n);
    if (entries.length === 0) return;
    const shard = shardOf(shardSeed);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.incidentStats(incidentId, shard),
        UpdateExpression: `ADD ${entries.map(([name]) => `#${name} :${name}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([name, n]) => [`:${name}`, n])),
      }),
    );
  }

  async counts(incidentId: string): Promise<Record<IncidentCounter, number>> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.incidentStats(incidentId, 0).pk },
        ConsistentRead: true,
      }),
    );
    return Object.fromEntries(incidentCounters.map((name) => [name, Items.reduce((sum, item) => sum + Number(item[name] ?? 0), 0)])) as Record<
      IncidentCounter,
      number
    >;
  }

  private item(incident: Incident, outbox: OutboxEvent) {
    return {
      ...keys.incident(incident.incidentId),
      type: 'incident',
      ...(incident.status === 'active' ? { listKey: keys.activeIncidents(), listAt: incidentListAt(incident) } : {}),
      ...incident,
      outbox,
    };
  }
}

/** An active incident's place on its work list (and the cursor of a page ending with it). */
function incidentListAt(incident: Pick<Incident, 'declaredAt' | 'incidentId'>): string {
  return keys.timeline(incident.declaredAt, incident.incidentId);
}
