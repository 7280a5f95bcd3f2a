import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SupportCase } from '../../domain/cases';
import type { CustomerProfile } from '../../domain/customers';
import { identityList } from '../../domain/customers';
import { anonymisedCase, type ErasureCounts, type ErasureKind, type ErasureRecord, erasedText } from '../../domain/erasure';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { ErasureRecords, ErasureSteps, PlannedWrite } from '../../use-cases/ports/erasure';
import { recordOf, writeIfUnchanged } from './items';
import { idempotencyReferencePrefix, indexNames, interactionSortPrefix, keys } from './keys';

/** Records of one page: small enough that a page's deletes end well within a worker's timeout. */
const pageSize = 100;

/** The erasure records (`ERASURE#<requestId>`): the request, its progress, then the proof, kept `retention.erasureRecordsDays`. */
export class ErasureRecordStore implements ErasureRecords {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(requestId: string, consistent = false): Promise<ErasureRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.erasure(requestId), ConsistentRead: consistent }));
    return recordOf<ErasureRecord>(Item);
  }

  create(record: ErasureRecord, expiresAt: number, outbox: OutboxEvent): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(new PutCommand({ TableName: this.tableName, Item: this.item(record, expiresAt, outbox), ConditionExpression: 'attribute_not_exists(pk)' })),
    );
  }

  save(record: ErasureRecord, expectedVersion: number, expiresAt: number, outbox?: OutboxEvent): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(record, expiresAt, outbox),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': expectedVersion },
        }),
      ),
    );
  }

  async forgetOutbox(requestId: string): Promise<void> {
    // The stream has the write that carried the event already: this one carries none, so the relay skips it.
    await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: keys.erasure(requestId), UpdateExpression: 'REMOVE outbox' }));
  }

  private item(record: ErasureRecord, expiresAt: number, outbox: OutboxEvent | undefined) {
    return { ...keys.erasure(record.requestId), type: 'erasure', ...record, expiresAt, ...(outbox ? { outbox } : {}) };
  }
}

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;

/**
 * One write of an erasure, as data: a step plans its page's writes, the record saves them (with
 * the counts) before they run, and a resumed erasure runs what was saved again (every write is
 * idempotent), so a crash between the writes and the save neither loses nor double-counts a record.
 */
export type ErasureWrite =
  /** On the data table, or on the idempotency table (`table: 'idempotency'`: a stored response). */
  | { readonly delete: Key; readonly ifCustomerId?: string; readonly table?: 'idempotency' }
  | { readonly anonymise: Key; readonly set: Readonly<Record<string, unknown>>; readonly remove: readonly string[]; readonly ifExists?: true };

/** How one kind of record on the customer's timeline is erased: deleted, or rewritten without the person. */
type TimelineErasure = (item: Item) => Promise<{ writes: ErasureWrite[]; counts: ErasureCounts }>;
type Plan = { writes: ErasureWrite[]; counts: ErasureCounts; cursor?: string };

/**
 * The erasure of one customer id, step by step, each a page at a time. Every kind of record the
 * backend holds about a person is one entry: how it is found from the customer, and what is
 * deleted or anonymised. A new kind is an entry in `timelineKinds` (a record on the customer's
 * timeline, by its `type`) or a step of its own in `steps`, and its name in
 * functions/domain/erasure.ts (`erasureKinds`).
 *
 * The order is the point: identities first (a new contact with the same email from then on makes
 * a new profile, never one being erased), then the timeline and what hangs on it, then the profile
 * last (it says which identities and segments to free, so it must outlive a retried step).
 */
export class ErasureStepStore implements ErasureSteps {
  private readonly timelineKinds: Readonly<Record<string, TimelineErasure>> = {
    interaction: async (item) => ({ writes: [{ delete: keyOf(item) }], counts: { interactions: 1 } }),
    notification: async (item) => ({ writes: [{ delete: keyOf(item) }], counts: { notifications: 1 } }),
    callback: async (item) => ({ writes: [{ delete: keyOf(item) }], counts: { callbacks: 1 } }),
    case: (item) => this.eraseCase(recordOf<SupportCase>(item)!),
    // The scores stay (the client's figures do not change), the comment and the timeline entry go.
    survey: async (item) => ({ writes: [{ anonymise: keyOf(item), set: {}, remove: ['commentText', 'customerKey'] }], counts: { surveys: 1 } }),
  };

  private readonly steps: readonly ((customerId: string, cursor?: string) => Promise<Plan>)[] = [
    // 1. Identities: freed (an identity another profile owns now is left alone).
    async (customerId) => {
      const listed = identityList((await this.profile(customerId))?.identities ?? { emails: [], phones: [], externalIds: [], social: [] });
      // Only those it still owns: a merged-away profile's identities moved to the profile it was merged into.
      const owned = [];
      for (const identity of listed) {
        const key = keys.identity(identity.kind, identity.value);
        const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true, ProjectionExpression: 'customerId' }));
        if (Item?.customerId === customerId) owned.push(key);
      }
      return { writes: owned.map((key) => ({ delete: key, ifCustomerId: customerId })), counts: { identities: owned.length } };
    },
    // 2. The timeline (notifications, callbacks, cases, surveys, interactions stored before step 3's layout), oldest first: what is written meanwhile comes after the cursor.
    async (customerId, cursor) => {
      const { Items = [] } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexNames.byCustomer,
          KeyConditionExpression: cursor ? 'customerKey = :p AND timelineKey > :after' : 'customerKey = :p',
          ExpressionAttributeValues: { ':p': keys.customerTimeline(customerId), ...(cursor ? { ':after': cursor } : {}) },
          Limit: pageSize,
        }),
      );
      const plan: Plan = { writes: [], counts: {} };
      for (const item of Items) {
        const erasure = this.timelineKinds[String(item.type)];
        // A kind nobody declared is left as it is, and shows in no count: add it to timelineKinds.
        if (!erasure) continue;
        const { writes, counts } = await erasure(item);
        plan.writes.push(...writes);
        for (const [kind, count] of Object.entries(counts) as [ErasureKind, number][]) plan.counts[kind] = (plan.counts[kind] ?? 0) + count;
      }
      return { ...plan, ...(Items.length === pageSize ? { cursor: String(Items.at(-1)!.timelineKey) } : {}) };
    },
    // 3. The interactions, in the customer's partition (keys.interaction; those stored before it
    // were on the timeline, step 2), oldest first, a page at a time.
    async (customerId, cursor) => {
      const page = await this.underProfile(customerId, interactionSortPrefix, 'pk, sk', cursor);
      return { writes: page.items.map((item) => ({ delete: keyOf(item) })), counts: { interactions: page.items.length }, ...page.next };
    },
    // 4. The claim of an open callback, and the segment memberships the profile names.
    async (customerId) => {
      const segments = Object.entries((await this.profile(customerId))?.segments ?? {});
      return {
        writes: [
          { delete: keys.openCallback(customerId) },
          ...segments.map(([attribute, value]) => ({ delete: keys.segmentMember(attribute, value as string, customerId) })),
        ],
        counts: { segmentMemberships: segments.length },
      };
    },
    // 5. The stored responses of their Idempotency-Key requests, found by the references under the
    // profile (written with each, functions/commons/http/idempotency.ts): the record, then its
    // reference. Counted when the record had not expired (an expired one answers no retry; it is
    // deleted all the same, as DynamoDB may not have swept it yet).
    async (customerId, cursor) => {
      const page = await this.underProfile(customerId, idempotencyReferencePrefix, 'pk, sk, recordId, recordExpiresAt', cursor);
      const now = Math.floor(Date.now() / 1000);
      return {
        writes: page.items.flatMap((item) => [{ delete: { id: item.recordId }, table: 'idempotency' as const }, { delete: keyOf(item) }]),
        counts: { idempotencyRecords: page.items.filter((item) => Number(item.recordExpiresAt) > now).length },
        ...page.next,
      };
    },
    // 6. The profile (preferences and segments are on it), and the small items kept under the
    // customer's key: the note of their latest self-care session, their survey fatigue mark.
    async (customerId) => ({
      writes: [{ delete: keys.customer(customerId) }, { delete: keys.selfcareFollowUp(customerId) }, { delete: keys.surveyFatigue(customerId) }],
      counts: { profiles: (await this.profile(customerId)) ? 1 : 0 },
    }),
  ];

  readonly count = this.steps.length;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The idempotency table (Powertools' records, keyed by `id`). */
    private readonly idempotencyTableName: string,
  ) {}

  plan(step: number, customerId: string, cursor?: string): Promise<Plan> {
    return this.steps[step]!(customerId, cursor);
  }

  /** Runs a page's writes; each is idempotent (a delete of what is gone, an anonymising of what is anonymised: nothing). */
  async apply(planned: readonly PlannedWrite[]): Promise<void> {
    // A few at a time: a page's hundred deletes in parallel would throttle a small table.
    const writes = planned as readonly ErasureWrite[];
    for (let i = 0; i < writes.length; i += 10) await Promise.all(writes.slice(i, i + 10).map((write) => this.applyOne(write)));
  }

  private async applyOne(write: ErasureWrite): Promise<void> {
    if ('delete' in write) {
      await writeIfUnchanged(() =>
        this.db.send(
          new DeleteCommand({
            TableName: write.table === 'idempotency' ? this.idempotencyTableName : this.tableName,
            Key: write.delete,
            ...(write.ifCustomerId ? { ConditionExpression: 'customerId = :id', ExpressionAttributeValues: { ':id': write.ifCustomerId } } : {}),
          }),
        ),
      );
      return;
    }
    const set = Object.keys(write.set);
    await writeIfUnchanged(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: write.anonymise,
          UpdateExpression: [
            set.length ? `SET ${set.map((_, i) => `#s${i} = :s${i}`).join(', ')}` : '',
            write.remove.length ? `REMOVE ${write.remove.map((_, i) => `#r${i}`).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join(' '),
          ExpressionAttributeNames: {
            ...Object.fromEntries(set.map((name, i) => [`#s${i}`, name])),
            ...Object.fromEntries(write.remove.map((name, i) => [`#r${i}`, name])),
          },
          ...(set.length ? { ExpressionAttributeValues: Object.fromEntries(set.map((name, i) => [`:s${i}`, write.set[name]])) } : {}),
          ...(write.ifExists ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
        }),
      ),
    );
  }

  /** One page of the items under the customer's partition whose sort key starts with `prefix`, and the cursor of the next. */
  private async underProfile(
    customerId: string,
    prefix: string,
    projection: string,
    cursor: string | undefined,
  ): Promise<{ items: Item[]; next: { cursor?: string } }> {
    const { pk } = keys.customer(customerId);
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ProjectionExpression: projection,
        Limit: pageSize,
        ...(cursor ? { ExclusiveStartKey: { pk, sk: cursor } } : {}),
      }),
    );
    return { items: Items, next: LastEvaluatedKey ? { cursor: String(LastEvaluatedKey.sk) } : {} };
  }

  private async profile(customerId: string): Promise<CustomerProfile | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.customer(customerId), ConsistentRead: true }));
    return recordOf<CustomerProfile>(Item);
  }

  /**
   * A case stays, anonymised (functions/domain/erasure.ts), off the customer's timeline; the
   * self-care sessions handed over to it go; its escalation keeps its queue and times, not the
   * reason an agent typed.
   */
  private async eraseCase(supportCase: SupportCase): Promise<{ writes: ErasureWrite[]; counts: ErasureCounts }> {
    const { Items: sessions = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.byCase,
        KeyConditionExpression: 'caseKey = :c',
        ExpressionAttributeValues: { ':c': keys.caseSessions(supportCase.caseId) },
      }),
    );
    const escalation = supportCase.escalation?.escalationId;
    return {
      writes: [
        ...sessions.map((session) => ({ delete: keyOf(session) })),
        ...(escalation ? [{ anonymise: keys.escalation(escalation), set: { reason: erasedText }, remove: [], ifExists: true as const }] : []),
        { anonymise: keys.case(supportCase.caseId), set: { subject: anonymisedCase(supportCase).subject }, remove: ['description', 'customerKey'] },
      ],
      counts: { cases: 1, selfcareSessions: sessions.length, ...(escalation ? { escalations: 1 } : {}) },
    };
  }
}

const keyOf = (item: Item): Key => ({ pk: item.pk, sk: item.sk });
