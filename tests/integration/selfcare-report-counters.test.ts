import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { SelfcareStore } from '../../functions/adapters/dynamodb/selfcare-store';
import { newSession, newSessionId } from '../../functions/domain/selfcare';
import { maxNoResultQueriesPerDay, maxReasonsPerArticleDay, type ReportIncrements } from '../../functions/domain/selfcare-report';
import { createTestTables, dataClients } from '../helpers/local-aws';

/**
 * The self-care report's counters as the session writes keep them, in DynamoDB Local: in the same
 * transaction as the session (a lost race counts nothing), with their bounds.
 */
describe('Class: SelfcareStore, the report counters on DynamoDB Local', { timeout: 60_000 }, () => {
  const { documentClient } = dataClients();
  let table: string;
  let store: SelfcareStore;
  const expires = new Date(Date.now() + 3_600_000);

  beforeAll(async () => {
    table = (await createTestTables()).data;
    store = new SelfcareStore(documentClient, table);
  });

  /** A stored session, and a write of it that counts `counts` (version check on what was stored). */
  const session = async () => {
    const created = newSession(newSessionId(), '2026-11-05T10:00:00.000Z');
    await store.createSession(created, expires);
    let version = created.version;
    return async (counts: ReportIncrements, expectedVersion = version) => {
      const written = await store.replaceSession({ ...created, version: expectedVersion + 1 }, expectedVersion, expires, { counts });
      if (written) version = expectedVersion + 1;
      return written;
    };
  };
  const search = (day: string, query?: string): ReportIncrements => ({
    locale: 'fr',
    totals: [{ day, add: { searches: 1, searchesWithoutResult: 1 } }],
    ...(query ? { noResultQuery: { day, query } } : {}),
  });

  it('a write that lost the race counts nothing; the winning one counts once', async () => {
    // Prepare
    const write = await session();

    // Act
    const lost = await write(search('2026-11-05', 'box rouge'), 7);
    const before = await store.reportDay('fr', '2026-11-05');
    const won = await write(search('2026-11-05', 'box rouge'));

    // Assess
    expect(lost).toBe(false);
    expect(before).toEqual({ day: '2026-11-05', totals: {}, noResultQueries: [], articles: [] });
    expect(won).toBe(true);
    const after = await store.reportDay('fr', '2026-11-05');
    expect(after.totals).toMatchObject({ searches: 1, searchesWithoutResult: 1, noResultDistinct: 1 });
    expect(after.noResultQueries).toEqual([{ query: 'box rouge', count: 1 }]);
  });

  it('a day keeps at most its cap of distinct no-result queries: a new one beyond it is "other", a known one still counts', async () => {
    // Prepare: a day whose distinct slots are all taken, one of them by "box".
    const day = '2026-11-06';
    await documentClient.send(
      new PutCommand({ TableName: table, Item: { pk: `SELFCAREREPORT#fr#${day}`, sk: 'TOTALS', noResultDistinct: maxNoResultQueriesPerDay } }),
    );
    await documentClient.send(new PutCommand({ TableName: table, Item: { pk: `SELFCAREREPORT#fr#${day}`, sk: 'NORESULT#box', query: 'box', count: 3 } }));
    const write = await session();

    // Act
    const fresh = await write(search(day, 'wifi'));
    const known = await write(search(day, 'box'));

    // Assess
    expect([fresh, known]).toEqual([true, true]);
    const counted = await store.reportDay('fr', day);
    expect(counted.totals).toMatchObject({ searches: 2, searchesWithoutResult: 2, noResultOther: 1, noResultDistinct: maxNoResultQueriesPerDay });
    expect(counted.noResultQueries).toEqual([{ query: 'box', count: 4 }]);
  });

  it('an article keeps its first reasons of the day, and counts every vote', async () => {
    // Prepare
    const write = await session();
    const vote = (reason: string): ReportIncrements => ({ locale: 'fr', totals: [], article: { day: '2026-11-07', articleId: 'art_1', no: 1, reason } });

    // Act
    for (let i = 1; i <= maxReasonsPerArticleDay + 2; i++) expect(await write(vote(`reason ${i}`))).toBe(true);
    await write({ locale: 'fr', totals: [], article: { day: '2026-11-07', articleId: 'art_1', views: 1 } });

    // Assess
    const { articles } = await store.reportDay('fr', '2026-11-07');
    expect(articles).toEqual([
      {
        articleId: 'art_1',
        views: 1,
        yes: 0,
        no: maxReasonsPerArticleDay + 2,
        reasons: Array.from({ length: maxReasonsPerArticleDay }, (_, i) => `reason ${i + 1}`),
      },
    ]);
  });
});
