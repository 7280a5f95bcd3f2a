import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { attributesOf, dimensionValuesOf, type KpiDimension } from '../../domain/kpi-counters';
import {
  type CallbackProjection,
  type CaseProjection,
  type CustomerResolutions,
  type KpiEffects,
  type KpiState,
  type ProjectionKey,
  type ProjectionKind,
  projectionKey,
} from '../../domain/kpi-consumer';
import type { SurgeObservation } from '../../domain/kpi-consumer';
import type { Surge } from '../../domain/surges';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { KpiDayItem, KpiStore as KpiStorePort, ProjectionVersions, StoredProjection } from '../../use-cases/ports/kpis';
import { recordOf, writeIfUnchanged } from './items';
import { indexNames, keys } from './keys';

/** Applied-event claims and projections outlive the longest period read (400 days): a replay of the archive within it counts nothing twice. */
const keepDays = 400;
const day = 86_400;

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** DynamoDB's limit on the items of one transaction. */
const maxTransactionItems = 100;

function storageKeyOf(key: ProjectionKey): { pk: string; sk: string } {
  const [kind, id] = key.split('|', 2) as [ProjectionKind, string];
  return kind === 'case' ? keys.kpiCase(id) : kind === 'customer' ? keys.kpiCustomer(id) : keys.kpiCallback(id);
}

/** The projections some events leave: each one's last state, in order. */
function projectionsOf(entries: readonly { effects: KpiEffects }[]): Map<ProjectionKey, CaseProjection | CustomerResolutions | CallbackProjection> {
  const last = new Map<ProjectionKey, CaseProjection | CustomerResolutions | CallbackProjection>();
  for (const { effects } of entries) {
    if (effects.case) last.set(projectionKey('case', effects.case.caseId), effects.case);
    if (effects.customer) last.set(projectionKey('customer', effects.customer.customerId), effects.customer);
    if (effects.callback) last.set(projectionKey('callback', effects.callback.callbackId), effects.callback);
  }
  return last;
}

/**
 * The KPI counters on the data table (docs/data-model.md): one item per dimension, client day
 * and value, added to with ADD in the same transaction as the claim of the event's id and the
 * projections the event changed; read with one Query per dimension, never a Scan.
 */
export class KpiStore implements KpiStorePort {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async state(stateKeys: { caseId?: string; customerId?: string; callbackId?: string }): Promise<KpiState> {
    const get = async <T>(key: Record<string, string> | undefined) => {
      if (!key) return undefined;
      const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      return recordOf<T>(Item);
    };
    const [supportCase, customer, callback] = await Promise.all([
      get<CaseProjection>(stateKeys.caseId ? keys.kpiCase(stateKeys.caseId) : undefined),
      get<CustomerResolutions>(stateKeys.customerId ? keys.kpiCustomer(stateKeys.customerId) : undefined),
      get<CallbackProjection>(stateKeys.callbackId ? keys.kpiCallback(stateKeys.callbackId) : undefined),
    ]);
    return { ...(supportCase ? { case: supportCase } : {}), ...(customer ? { customer } : {}), ...(callback ? { callback } : {}) };
  }

  async apply(eventId: string, effects: KpiEffects, state: KpiState): Promise<'applied' | 'duplicate' | 'conflict'> {
    const versions: ProjectionVersions = new Map();
    if (effects.case) versions.set(projectionKey('case', effects.case.caseId), state.case?.version);
    if (effects.customer) versions.set(projectionKey('customer', effects.customer.customerId), state.customer?.version);
    if (effects.callback) versions.set(projectionKey('callback', effects.callback.callbackId), state.callback?.version);
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: this.transaction([{ eventId, effects }], versions) }));
      return 'applied';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
        // A projection changed since it was read, or another transaction held one of the items.
        if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict')) return 'conflict';
      }
      throw error;
    }
  }

  async states(stateKeys: readonly ProjectionKey[]): Promise<Map<ProjectionKey, StoredProjection | undefined>> {
    const distinct = [...new Set(stateKeys)];
    const read = await Promise.all(
      distinct.map(async (key) => {
        const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: storageKeyOf(key), ConsistentRead: true }));
        return [key, recordOf<StoredProjection>(Item)] as const;
      }),
    );
    return new Map(read);
  }

  async applyBatch(entries: readonly { eventId: string; effects: KpiEffects }[], read: ProjectionVersions): Promise<number> {
    const versions = new Map(read);
    let done = 0;
    while (done < entries.length) {
      // As many events as fit in one transaction (at most 100 items), at least one.
      let end = done + 1;
      let items = this.transaction(entries.slice(done, end), versions);
      while (end < entries.length) {
        const more = this.transaction(entries.slice(done, end + 1), versions);
        if (more.length > maxTransactionItems) break;
        items = more;
        end += 1;
      }
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      } catch {
        // A claim taken (a redelivery), a projection changed meanwhile, a conflict, throttling: the
        // caller applies what is left one event at a time, where each outcome is the event's own.
        return done;
      }
      for (const key of projectionsOf(entries.slice(done, end)).keys()) versions.set(key, (versions.get(key) ?? 0) + 1);
      done = end;
    }
    return done;
  }

  /**
   * The transaction of some events, in order: the claim of each id, the counter increments merged
   * per item (a transaction names each item once), each projection's last state (conditioned on
   * the version read), the incidents declared, the surge buckets merged.
   */
  private transaction(entries: readonly { eventId: string; effects: KpiEffects }[], versions: ProjectionVersions): TransactItem[] {
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + keepDays * day;
    const items: TransactItem[] = entries.map(({ eventId }) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...keys.kpiEvent(eventId), expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    const counters = new Map<string, { key: { pk: string; sk: string }; day: string; value: string; add: Record<string, number> }>();
    for (const { effects } of entries)
      for (const increment of effects.increments) {
        const attributes = attributesOf(increment);
        for (const { dimension, value } of dimensionValuesOf(increment.dimensions)) {
          const key = keys.kpiCounter(dimension, increment.day, value);
          const entry = counters.get(key.pk + key.sk) ?? { key, day: increment.day, value, add: {} as Record<string, number> };
          for (const [name, by] of Object.entries(attributes)) entry.add[name] = (entry.add[name] ?? 0) + by;
          counters.set(key.pk + key.sk, entry);
        }
      }
    for (const { key, day: itemDay, value, add } of counters.values()) {
      const names = Object.keys(add);
      if (names.length === 0) continue;
      items.push({
        Update: {
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')} SET #day = :day, #value = :value`,
          ExpressionAttributeNames: { ...Object.fromEntries(names.map((name, i) => [`#c${i}`, name])), '#day': 'day', '#value': 'value' },
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((name, i) => [`:c${i}`, add[name]])),
            ':day': itemDay,
            ':value': value,
          },
        },
      });
    }
    for (const [key, record] of projectionsOf(entries)) {
      const previous = versions.get(key);
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...storageKeyOf(key), ...record, version: (previous ?? 0) + 1, expiresAt },
          ...(previous !== undefined
            ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': previous } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      });
    }
    const declared = new Map(
      entries.flatMap(({ effects }) => (effects.incidentDeclared ? [[effects.incidentDeclared.incidentId, effects.incidentDeclared.day]] : [])),
    );
    for (const [incidentId, declaredDay] of declared) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.kpiIncident(incidentId),
          UpdateExpression: 'SET incidentId = :id, listKey = :list, listAt = :day, expiresAt = :expires',
          ExpressionAttributeValues: { ':id': incidentId, ':list': keys.kpiIncidents(), ':day': declaredDay, ':expires': expiresAt },
        },
      });
    }
    const buckets = new Map<string, { key: Record<string, string>; count: number }>();
    for (const { effects } of entries)
      for (const o of effects.surgeObservations) {
        const key = keys.surgeBucket(o.intent, o.attribute, o.value, o.bucket);
        const entry = buckets.get(key.pk + key.sk) ?? { key, count: 0 };
        entry.count += 1;
        buckets.set(key.pk + key.sk, entry);
      }
    for (const { key, count } of buckets.values()) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: key,
          // Buckets are read for a day at most (the baseline): they expire after a week.
          UpdateExpression: 'ADD #count :count SET expiresAt = if_not_exists(expiresAt, :expires)',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':count': count, ':expires': now + 7 * day },
        },
      });
    }
    return items;
  }

  async countIncidentContact(incidentId: string, customerId: string): Promise<boolean> {
    const expiresAt = Math.floor(Date.now() / 1000) + keepDays * day;
    return writeIfUnchanged(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.kpiIncidentContact(incidentId, customerId), expiresAt },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.kpiIncident(incidentId),
                UpdateExpression: 'ADD contactingCustomers :one SET incidentId = :id',
                ExpressionAttributeValues: { ':one': 1, ':id': incidentId },
              },
            },
          ],
        }),
      ),
    );
  }

  async surgeCounts(o: SurgeObservation, baseline: { from: string; to: string }): Promise<{ count: number; baselineTotal: number }> {
    const { pk } = keys.surgeBucket(o.intent, o.attribute, o.value, o.bucket);
    // One Query: the baseline's buckets and the current one (sort keys are the buckets' ISO starts).
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': baseline.from, ':to': o.bucket },
      ProjectionExpression: 'sk, #count',
      ExpressionAttributeNames: { '#count': 'count' },
      ConsistentRead: true,
    });
    let count = 0;
    let baselineTotal = 0;
    for (const item of items) {
      if (item.sk === o.bucket) count = Number(item.count ?? 0);
      else if (String(item.sk) <= baseline.to) baselineTotal += Number(item.count ?? 0);
    }
    return { count, baselineTotal };
  }

  async raiseSurge(surge: Surge, openUntil: string, now: string, event: OutboxEvent): Promise<boolean> {
    const expiresAt = Math.floor(Date.now() / 1000) + keepDays * day;
    return writeIfUnchanged(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.surgeOpen(surge.intent, surge.segment.attribute, surge.segment.value), surgeId: surge.surgeId, openUntil, expiresAt },
                ConditionExpression: 'attribute_not_exists(pk) OR openUntil <= :now',
                ExpressionAttributeValues: { ':now': now },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.surge(surge.surgeId), ...surge, listKey: keys.surges(), listAt: surge.detectedAt, outbox: event, expiresAt },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      ),
    );
  }

  async days(dimension: KpiDimension, from: string, to: string): Promise<KpiDayItem[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.kpiDimension(dimension), ':from': `${from}#`, ':to': `${to}#\uffff` },
    });
    return items.map((item) => {
      const { pk: _pk, sk: _sk, day: itemDay, value, ...values } = item;
      return { day: String(itemDay), value: String(value), values: values as KpiDayItem['values'] };
    });
  }

  async incidentsDeclared(from: string, to: string): Promise<{ incidentId: string; contactingCustomers: number }[]> {
    const items = await this.queryAll({
      IndexName: indexNames.worklists,
      KeyConditionExpression: 'listKey = :list AND listAt BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':list': keys.kpiIncidents(), ':from': from, ':to': to },
    });
    return items.map((item) => ({ incidentId: String(item.incidentId), contactingCustomers: Number(item.contactingCustomers ?? 0) }));
  }

  async surges(options: { limit: number; before?: string }): Promise<Surge[]> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.worklists,
        KeyConditionExpression: options.before ? 'listKey = :list AND listAt < :before' : 'listKey = :list',
        ExpressionAttributeValues: { ':list': keys.surges(), ...(options.before ? { ':before': options.before } : {}) },
        ScanIndexForward: false,
        Limit: options.limit,
      }),
    );
    return (page.Items ?? []).map((item) => surgeOf(item));
  }

  async surge(surgeId: string): Promise<Surge | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.surge(surgeId), ConsistentRead: true }));
    return Item ? surgeOf(Item) : undefined;
  }

  async markSurgeIncident(surgeId: string, incidentId: string): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.surge(surgeId),
          UpdateExpression: 'SET incidentId = :incident',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(incidentId)',
          ExpressionAttributeValues: { ':incident': incidentId },
        }),
      ),
    );
  }

  private async queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}

function surgeOf(item: Record<string, unknown>): Surge {
  const { version: _version, ...surge } = recordOf<Surge & { version?: number }>(item)!;
  return surge;
}
