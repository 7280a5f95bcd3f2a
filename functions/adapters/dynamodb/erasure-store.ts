import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SupportCase } from '../../domain/cases';
import type { CustomerProfile } from '../../domain/customers';
import { identityList } from '../../domain/customers';
import { anonymisedCase, type ErasureCounts, type ErasureKind, type ErasureRecord, erasedText } from '../../domain/erasure';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { ErasureRecords, ErasureSteps } from '../../use-cases/ports/erasure';
import { recordOf, writeIfUnchanged } from './items';
import { indexNames, keys } from './keys';

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
/** How one kind of record on the customer's timeline is erased: deleted, or rewritten without the person. */
type TimelineErasure = { readonly kind: ErasureKind; readonly erase: (item: Item) => Promise<ErasureCounts> };

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
    interaction: { kind: 'interactions', erase: (item) => this.deleteItem(item, 'interactions') },
    notification: { kind: 'notifications', erase: (item) => this.deleteItem(item, 'notifications') },
    callback: { kind: 'callbacks', erase: (item) => this.deleteItem(item, 'callbacks') },
    case: { kind: 'cases', erase: (item) => this.eraseCase(recordOf<SupportCase>(item)!) },
  };

  private readonly steps: readonly ((customerId: string, cursor?: string) => Promise<{ counts: ErasureCounts; cursor?: string }>)[] = [
    // 1. Identities: freed (an identity another profile owns now is left alone).
    async (customerId) => {
      const profile = await this.profile(customerId);
      let identities = 0;
      for (const identity of profile ? identityList(profile.identities) : []) {
        const deleted = await writeIfUnchanged(() =>
          this.db.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: keys.identity(identity.kind, identity.value),
              ConditionExpression: 'customerId = :id',
              ExpressionAttributeValues: { ':id': customerId },
            }),
          ),
        );
        if (deleted) identities++;
      }
      return { counts: { identities } };
    },
    // 2. The timeline (interactions, notifications, callbacks, cases), oldest first: what is written meanwhile comes after the cursor.
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
      const counts: ErasureCounts = {};
      for (const item of Items) {
        const erasure = this.timelineKinds[String(item.type)];
        // A kind nobody declared is left as it is, and shows in no count: add it to timelineKinds.
        if (!erasure) continue;
        for (const [kind, count] of Object.entries(await erasure.erase(item)) as [ErasureKind, number][]) counts[kind] = (counts[kind] ?? 0) + count;
      }
      return { counts, ...(Items.length === pageSize ? { cursor: String(Items.at(-1)!.timelineKey) } : {}) };
    },
    // 3. The claim of an open callback, and the segment memberships the profile names.
    async (customerId) => {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.openCallback(customerId) }));
      const segments = Object.entries((await this.profile(customerId))?.segments ?? {});
      for (const [attribute, value] of segments) {
        await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.segmentMember(attribute, value as string, customerId) }));
      }
      return { counts: { segmentMemberships: segments.length } };
    },
    // 4. The profile (preferences and segments are on it).
    async (customerId) => {
      const { Attributes } = await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.customer(customerId), ReturnValues: 'ALL_OLD' }));
      return { counts: { profiles: Attributes ? 1 : 0 } };
    },
  ];

  readonly count = this.steps.length;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  run(step: number, customerId: string, cursor?: string) {
    return this.steps[step]!(customerId, cursor);
  }

  private async profile(customerId: string): Promise<CustomerProfile | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.customer(customerId), ConsistentRead: true }));
    return recordOf<CustomerProfile>(Item);
  }

  private async deleteItem(item: Item, kind: ErasureKind): Promise<ErasureCounts> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: item.pk, sk: item.sk } }));
    return { [kind]: 1 };
  }

  /**
   * A case stays, anonymised (functions/domain/erasure.ts), off the customer's timeline; the
   * self-care sessions handed over to it go; its escalation keeps its queue and times, not the
   * reason an agent typed.
   */
  private async eraseCase(supportCase: SupportCase): Promise<ErasureCounts> {
    const { Items: sessions = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.byCase,
        KeyConditionExpression: 'caseKey = :c',
        ExpressionAttributeValues: { ':c': keys.caseSessions(supportCase.caseId) },
      }),
    );
    for (const session of sessions) await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: session.pk, sk: session.sk } }));
    let escalations = 0;
    if (supportCase.escalation) {
      escalations = (await writeIfUnchanged(() =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.escalation(supportCase.escalation!.escalationId),
            UpdateExpression: 'SET reason = :erased',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':erased': erasedText },
          }),
        ),
      ))
        ? 1
        : 0;
    }
    const anonymised = anonymisedCase(supportCase);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.case(supportCase.caseId),
        UpdateExpression: 'SET subject = :subject REMOVE description, customerKey',
        ExpressionAttributeValues: { ':subject': anonymised.subject },
      }),
    );
    return { cases: 1, selfcareSessions: sessions.length, escalations };
  }
}
