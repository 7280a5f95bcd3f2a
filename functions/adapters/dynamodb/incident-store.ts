import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Incident } from '../../domain/incidents';
import { recordOf, writeIfUnchanged } from './items';
import { keys } from './keys';
import type { OutboxEvent } from './outbox';
import { worklistPages } from './worklist';

export type ActiveIncident = Pick<Incident, 'incidentId' | 'title' | 'severity' | 'affected' | 'declaredAt'>;

/** Counter shards per incident: enough that a fan-out's counting never throttles one item. */
const statsShards = 10;

export const incidentCounters = ['sent', 'suppressed', 'failed', 'deferred', 'contactsDuring'] as const;
export type IncidentCounter = (typeof incidentCounters)[number];

/** Incidents; the active ones are on a work list that every recorded contact checks. */
export class IncidentStore {
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
        new PutCommand({ TableName: this.tableName, Item: this.item(next, outbox), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expectedVersion } }),
      ),
    );
  }

  /** The incidents in progress, with what a contact is checked against (their work list projects no more). */
  async active(): Promise<ActiveIncident[]> {
    const incidents: ActiveIncident[] = [];
    for await (const items of worklistPages(this.db, this.tableName, keys.activeIncidents(), { projection: 'incidentId, title, severity, affected, declaredAt' })) {
      incidents.push(...items.map((item) => recordOf<ActiveIncident>(item)!));
    }
    return incidents;
  }

  /** Adds to an incident's counters, on a shard picked by the caller (spread the writes). */
  async count(incidentId: string, counts: Partial<Record<IncidentCounter, number>>, shardSeed: string): Promise<void> {
    const entries = Object.entries(counts).filter(([, n]) => n);
    if (entries.length === 0) return;
    const shard = [...shardSeed].reduce((sum, c) => sum + c.charCodeAt(0), 0) % statsShards;
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
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.incidentStats(incidentId, 0).pk }, ConsistentRead: true }),
    );
    return Object.fromEntries(incidentCounters.map((name) => [name, Items.reduce((sum, item) => sum + Number(item[name] ?? 0), 0)])) as Record<IncidentCounter, number>;
  }

  private item(incident: Incident, outbox: OutboxEvent) {
    return {
      ...keys.incident(incident.incidentId),
      type: 'incident',
      ...(incident.status === 'active' ? { listKey: keys.activeIncidents(), listAt: keys.timeline(incident.declaredAt, incident.incidentId) } : {}),
      ...incident,
      outbox,
    };
  }
}
