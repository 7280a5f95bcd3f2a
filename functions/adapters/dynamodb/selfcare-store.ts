import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Language } from '../../domain/channels';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { Flow, SelfcareSession } from '../../domain/selfcare';
import { type DayTotalName, maxNoResultQueriesPerDay, maxReasonsPerArticleDay, type ReportDay, type ReportIncrements } from '../../domain/selfcare-report';
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
    options: { caseId?: string; outbox?: OutboxEvent; counts?: ReportIncrements; followUp?: string } = {},
  ): Promise<boolean> {
    const put = {
      TableName: this.tableName,
      Item: {
        ...this.item(next, expiresAt),
        ...(options.caseId ? { caseKey: keys.caseSessions(options.caseId), timelineKey: keys.timeline(next.startedAt, next.sessionId) } : {}),
        ...(options.outbox ? { outbox: options.outbox } : {}),
      },
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': expectedVersion },
    };
    // The follow-up note lives as long as the session: a contact counts at most the window after
    // the last activity, and the window is at most the session's TTL (the client config says so).
    const followUp = options.followUp
      ? [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.selfcareFollowUp(options.followUp), type: 'selfcare_followup', sessionId: next.sessionId, expiresAt: put.Item.expiresAt },
            },
          },
        ]
      : [];
    if (!options.counts && !followUp.length) return writeIfUnchanged(() => this.db.send(new PutCommand(put)));
    return this.replaceCounting(put, options.counts, followUp);
  }

  /**
   * The session's Put (version check), the report's counter ADDs and the items in `also` (the
   * follow-up note) in one transaction: a lost
   * race writes neither, so a retry of the use case counts once; the SDK's own retries resend the
   * same ClientRequestToken, which DynamoDB executes once. A new no-result query takes one of the
   * day's distinct slots (a condition on TOTALS); a reason is kept while the article's day holds
   * fewer than the bound (a condition on its item). When only such a bound refused, the
   * transaction is sent again without what it bounded (the query counted as "other", the vote
   * without its reason); when the session changed, false.
   */
  private async replaceCounting(
    put: NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Put']>,
    counts: ReportIncrements | undefined,
    also: NonNullable<TransactWriteCommandInput['TransactItems']> = [],
  ): Promise<boolean> {
    const query = counts?.noResultQuery;
    // Known query: a plain ADD on its item. New query: it takes a distinct slot if one is left.
    let newQuery = false;
    if (query && counts) {
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: keys.selfcareReport(counts.locale, query.day, `NORESULT#${query.query}`) }),
      );
      newQuery = Item === undefined;
    }
    const capped = { query: false, reason: false };
    for (let attempt = 0; attempt < 3; attempt++) {
      const { items, slotIndex, reasonIndex } = counts ? this.countingItems(counts, newQuery, capped) : { items: [], slotIndex: -1, reasonIndex: -1 };
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...items, ...also] }));
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const failed = (index: number) => index >= 0 && error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
        if (failed(0)) return false;
        if (!failed(slotIndex) && !failed(reasonIndex)) throw error;
        if (failed(slotIndex)) capped.query = true;
        if (failed(reasonIndex)) capped.reason = true;
      }
    }
    throw new Error('The self-care counters could not be written.');
  }

  private countingItems(counts: ReportIncrements, newQuery: boolean, capped: { query: boolean; reason: boolean }) {
    type Item = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
    const items: Item[] = [];
    let slotIndex = -1;
    let reasonIndex = -1;
    const query = counts.noResultQuery;
    const totals = new Map(counts.totals.map((t) => [t.day, { ...t.add }] as [string, Partial<Record<DayTotalName | 'noResultDistinct', number>>]));
    if (query && capped.query) totals.set(query.day, { ...totals.get(query.day), noResultOther: (totals.get(query.day)?.noResultOther ?? 0) + 1 });
    if (query && !capped.query && newQuery) totals.set(query.day, { ...totals.get(query.day), noResultDistinct: 1 });
    for (const [day, add] of totals) {
      const names = Object.keys(add) as (keyof typeof add)[];
      if (names.length === 0) continue;
      const takesSlot = query?.day === day && newQuery && !capped.query;
      if (takesSlot) slotIndex = items.length + 1;
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.selfcareReport(counts.locale, day, 'TOTALS'),
          UpdateExpression: `SET #expiresAt = :ttl ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
          ...(takesSlot ? { ConditionExpression: 'attribute_not_exists(#slots) OR #slots < :cap' } : {}),
          ExpressionAttributeNames: {
            '#expiresAt': 'expiresAt',
            ...(takesSlot ? { '#slots': 'noResultDistinct' } : {}),
            ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
          },
          ExpressionAttributeValues: {
            ':ttl': counterExpiry(day),
            ...(takesSlot ? { ':cap': maxNoResultQueriesPerDay } : {}),
            ...Object.fromEntries(names.map((name, i) => [`:v${i}`, add[name]])),
          },
        },
      });
    }
    if (query && !capped.query) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.selfcareReport(counts.locale, query.day, `NORESULT#${query.query}`),
          UpdateExpression: 'SET #query = :query, #expiresAt = :ttl ADD #count :one',
          ExpressionAttributeNames: { '#query': 'query', '#expiresAt': 'expiresAt', '#count': 'count' },
          ExpressionAttributeValues: { ':query': query.query, ':ttl': counterExpiry(query.day), ':one': 1 },
        },
      });
    }
    const article = counts.article;
    if (article) {
      const add = { views: article.views, yes: article.yes, no: article.no };
      const names = (Object.keys(add) as (keyof typeof add)[]).filter((name) => add[name] !== undefined);
      const keepReason = article.reason !== undefined && !capped.reason;
      if (keepReason) reasonIndex = items.length + 1;
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.selfcareReport(counts.locale, article.day, `ARTICLE#${article.articleId}`),
          UpdateExpression: `SET #articleId = :articleId, #expiresAt = :ttl${keepReason ? ', #reasons = list_append(if_not_exists(#reasons, :empty), :reason)' : ''} ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
          ...(keepReason ? { ConditionExpression: 'attribute_not_exists(#reasons) OR size(#reasons) < :max' } : {}),
          ExpressionAttributeNames: {
            '#articleId': 'articleId',
            '#expiresAt': 'expiresAt',
            ...(keepReason ? { '#reasons': 'reasons' } : {}),
            ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
          },
          ExpressionAttributeValues: {
            ':articleId': article.articleId,
            ':ttl': counterExpiry(article.day),
            ...(keepReason ? { ':empty': [], ':reason': [article.reason], ':max': maxReasonsPerArticleDay } : {}),
            ...Object.fromEntries(names.map((name, i) => [`:v${i}`, add[name]])),
          },
        },
      });
    }
    return { items, slotIndex, reasonIndex };
  }

  async reportDay(locale: Language, day: string): Promise<ReportDay> {
    const result: ReportDay = { day, totals: {}, noResultQueries: [], articles: [] };
    const { pk } = keys.selfcareReport(locale, day, '');
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        if (sk === 'TOTALS') result.totals = item as ReportDay['totals'];
        else if (sk.startsWith('NORESULT#')) result.noResultQueries.push({ query: String(item.query), count: Number(item.count ?? 0) });
        else if (sk.startsWith('ARTICLE#'))
          result.articles.push({
            articleId: String(item.articleId),
            views: Number(item.views ?? 0),
            yes: Number(item.yes ?? 0),
            no: Number(item.no ?? 0),
            reasons: (item.reasons as string[] | undefined) ?? [],
          });
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return result;
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

  async followUpOf(customerId: string, now: Date): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.selfcareFollowUp(customerId) }));
    // TTL deletion lags: past its expiry, the note is gone now.
    if (!Item || typeof Item.expiresAt !== 'number' || Item.expiresAt * 1000 <= now.getTime()) return undefined;
    return String(Item.sessionId);
  }

  private item(session: SelfcareSession, expiresAt: Date) {
    return { ...keys.selfcareSession(session.sessionId), type: 'selfcare_session', ...session, expiresAt: Math.floor(expiresAt.getTime() / 1000) };
  }
}

/** The report's counters hold typed texts (no-result queries, reasons): kept 400 days after their day, then TTL-deleted. */
export const counterRetentionDays = 400;
const counterExpiry = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + counterRetentionDays * 86_400;
