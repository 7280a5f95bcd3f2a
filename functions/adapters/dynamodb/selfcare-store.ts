import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { Flow, SelfcareSession } from '../../domain/selfcare';
import type { Selfcare } from '../../use-cases/ports/selfcare';
import { recordOf, writeIfUnchanged } from './items';
import { indexNames, keys } from './keys';

/**
 * Flows (one item each, kept) and self-care sessions (one item each, expiring by TTL; a session
 * handed over is filed under its case on the byCase index, in a partition of its own so the
 * case's interactions never include it).
 */
export class SelfcareStore implements Selfcare {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createFlow(flow: Flow): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.flow(flow.flowId), type: 'flow', ...flow },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async getFlow(flowId: string): Promise<Flow | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.flow(flowId) }));
    return recordOf<Flow>(Item);
  }

  async createSession(session: SelfcareSession, expiresAt: Date): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: this.item(session, expiresAt), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async getSession(sessionId: string, now: Date): Promise<(SelfcareSession & { expiresAt: string }) | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.selfcareSession(sessionId), ConsistentRead: true }));
    // TTL deletion lags (up to days on AWS, never locally): an expired session is gone now.
    if (!Item || typeof Item.expiresAt !== 'number' || Item.expiresAt * 1000 <= now.getTime()) return undefined;
    return { ...recordOf<SelfcareSession>(Item)!, expiresAt: new Date(Item.expiresAt * 1000).toISOString() };
  }

  async replaceSession(
    next: SelfcareSession,
    expectedVersion: number,
    expiresAt: Date,
    options: { caseId?: string; outbox?: OutboxEvent } = {},
  ): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.item(next, expiresAt),
            ...(options.caseId ? { caseKey: keys.caseSessions(options.caseId), timelineKey: keys.timeline(next.startedAt, next.sessionId) } : {}),
            ...(options.outbox ? { outbox: options.outbox } : {}),
          },
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': expectedVersion },
        }),
      ),
    );
  }

  async sessionsOfCase(caseId: string): Promise<SelfcareSession[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.byCase,
        KeyConditionExpression: 'caseKey = :c',
        ExpressionAttributeValues: { ':c': keys.caseSessions(caseId) },
        // A case gets a handful of handovers at most; a page is plenty.
        Limit: 20,
      }),
    );
    return (Items ?? []).map((item) => recordOf<SelfcareSession>(item)!);
  }

  private item(session: SelfcareSession, expiresAt: Date) {
    return { ...keys.selfcareSession(session.sessionId), type: 'selfcare_session', ...session, expiresAt: Math.floor(expiresAt.getTime() / 1000) };
  }
}
