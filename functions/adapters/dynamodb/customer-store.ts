import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CustomerProfile } from '../../domain/customers';
import { identityKey, identityList } from '../../domain/customers';
import type { Identity } from '../../domain/identities';
import { recordOf, writeIfUnchanged } from './items';
import { keys } from './keys';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { Customers, Membership } from '../../use-cases/ports/customers';

/**
 * Customer profiles and their identity items. An identity item (`IDENTITY#<kind>#<value>`)
 * points at the one profile that owns it; conditional writes keep it unique, so two channels
 * racing to create a profile for the same email end on the same profile.
 */
export class CustomerStore implements Customers {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(customerId: string, consistent = false): Promise<CustomerProfile | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.customer(customerId), ConsistentRead: consistent }));
    return recordOf<CustomerProfile>(Item);
  }

  /** The live profile for an id, following a merge redirect (merges keep redirects one hop long). */
  async resolve(customerId: string, consistent = false): Promise<CustomerProfile | undefined> {
    const profile = await this.get(customerId, consistent);
    return profile?.mergedInto ? this.get(profile.mergedInto, consistent) : profile;
  }

  /** Which profile owns each identity, for those that are owned: identity key → customer id. */
  async owners(identities: readonly Identity[]): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    if (identities.length === 0) return owners;
    const { Responses, UnprocessedKeys } = await this.db.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: {
            Keys: identities.map((identity) => keys.identity(identity.kind, identity.value)),
            ProjectionExpression: 'kind, #value, customerId',
            ExpressionAttributeNames: { '#value': 'value' },
            ConsistentRead: true,
          },
        },
      }),
    );
    // At most five small keys: DynamoDB only leaves keys unprocessed under throttling, which the
    // caller sees as an error and retries.
    if (UnprocessedKeys?.[this.tableName]) throw Object.assign(new Error('Identity lookup throttled'), { name: 'ThrottlingException' });
    for (const item of Responses?.[this.tableName] ?? []) {
      owners.set(identityKey({ kind: item.kind, value: item.value }), item.customerId as string);
    }
    return owners;
  }

  /** Creates a profile and claims its identities; false when another request claimed one first. */
  async create(profile: CustomerProfile, outbox: OutboxEvent): Promise<boolean> {
    return this.transact([
      this.putProfile(profile, outbox, 'attribute_not_exists(pk)'),
      ...this.claims(identityList(profile.identities), profile.customerId, profile.createdAt),
    ]);
  }

  /** Adds identities to a profile; false when the profile changed or an identity was claimed meanwhile. */
  async addIdentities(profile: CustomerProfile, added: readonly Identity[], next: CustomerProfile, outbox: OutboxEvent): Promise<boolean> {
    return this.transact([
      this.putProfile(next, outbox, 'version = :version', { ':version': profile.version }),
      ...this.claims(added, profile.customerId, next.updatedAt),
    ]);
  }

  /**
   * Replaces the profile's attributes and moves its segment memberships in one transaction;
   * false when the profile changed meanwhile.
   */
  async updateAttributes(
    profile: CustomerProfile,
    next: CustomerProfile,
    memberships: { left: readonly Membership[]; joined: readonly Membership[] },
    outbox: OutboxEvent,
  ): Promise<boolean> {
    return this.transact([
      this.putProfile(next, outbox, 'version = :version AND attribute_not_exists(mergedInto)', { ':version': profile.version }),
      ...memberships.left.map(({ attribute, value }) => ({
        Delete: { TableName: this.tableName, Key: keys.segmentMember(attribute, value, profile.customerId) },
      })),
      ...memberships.joined.map(({ attribute, value }) => ({
        Put: {
          TableName: this.tableName,
          Item: { ...keys.segmentMember(attribute, value, profile.customerId), type: 'segment', customerId: profile.customerId, since: next.updatedAt },
        },
      })),
    ]);
  }

  /** One page of the customers of a segment (an incident audience): a Query, never a scan. */
  async segmentPage(attribute: string, value: string, cursor: string | undefined, limit: number): Promise<{ customerIds: string[]; next?: string }> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.segmentMember(attribute, value, '').pk },
        ProjectionExpression: 'customerId',
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: keys.segmentMember(attribute, value, cursor) } : {}),
      }),
    );
    const customerIds = (page.Items ?? []).map((item) => item.customerId as string);
    return { customerIds, ...(page.LastEvaluatedKey ? { next: customerIds.at(-1)! } : {}) };
  }

  /** Replaces the profile if unchanged since read (preferences); false otherwise. */
  async replace(profile: CustomerProfile, next: CustomerProfile, outbox: OutboxEvent): Promise<boolean> {
    return this.transact([this.putProfile(next, outbox, 'version = :version AND attribute_not_exists(mergedInto)', { ':version': profile.version })]);
  }

  /**
   * Merges `source` into `target` in one transaction: the target takes the identities and the
   * merge history, the source and every profile merged into it earlier redirect to the target,
   * and every identity of the source points at the target. Records (interactions, cases) are not
   * moved: timelines read the target and its `mergedFrom` profiles. False when either profile
   * changed meanwhile.
   */
  async merge(target: CustomerProfile, source: CustomerProfile, nextTarget: CustomerProfile, now: string, outbox: OutboxEvent): Promise<boolean> {
    const redirect = (customerId: string, expectedVersion?: number) => ({
      Update: {
        TableName: this.tableName,
        Key: keys.customer(customerId),
        UpdateExpression: 'SET mergedInto = :target, updatedAt = :now, version = version + :one REMOVE outbox',
        ConditionExpression: expectedVersion === undefined ? 'attribute_exists(pk)' : 'version = :version AND attribute_not_exists(mergedInto)',
        ExpressionAttributeValues: {
          ':target': target.customerId,
          ':now': now,
          ':one': 1,
          ...(expectedVersion === undefined ? {} : { ':version': expectedVersion }),
        },
      },
    });
    return this.transact([
      this.putProfile(nextTarget, outbox, 'version = :version AND attribute_not_exists(mergedInto)', { ':version': target.version }),
      redirect(source.customerId, source.version),
      ...source.mergedFrom.map((customerId) => redirect(customerId)),
      ...identityList(source.identities).map((identity) => ({
        Update: {
          TableName: this.tableName,
          Key: keys.identity(identity.kind, identity.value),
          UpdateExpression: 'SET customerId = :target',
          ConditionExpression: 'customerId = :source',
          ExpressionAttributeValues: { ':target': target.customerId, ':source': source.customerId },
        },
      })),
    ]);
  }

  /** Runs a transaction; false when one of its conditions did not hold. */
  private transact(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<boolean> {
    return writeIfUnchanged(() => this.db.send(new TransactWriteCommand({ TransactItems: items })));
  }

  /** The whole profile item, carrying the event of this write in its outbox. */
  private putProfile(profile: CustomerProfile, outbox: OutboxEvent, condition: string, values?: Record<string, unknown>) {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.customer(profile.customerId), type: 'customer', ...profile, outbox },
        ConditionExpression: condition,
        ...(values ? { ExpressionAttributeValues: values } : {}),
      },
    };
  }

  private claims(identities: readonly Identity[], customerId: string, at: string) {
    return identities.map((identity) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...keys.identity(identity.kind, identity.value), type: 'identity', kind: identity.kind, value: identity.value, customerId, createdAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
  }
}
