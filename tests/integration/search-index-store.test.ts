import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { SearchIndexStore, searchIndexKeys } from '../../functions/adapters/search/search-index-store';
import type { IndexedArticle } from '../../functions/use-cases/ports/knowledge';
import { createTestTables, dataClients } from '../helpers/local-aws';

const doc = (articleId: string, title: string): IndexedArticle => ({ articleId, title, body: `${title}, en détail.`, tags: [], snippet: title });

/**
 * The search index as the worker stores it and the search function reads it: gzip chunks under a
 * per-locale pointer, in DynamoDB Local.
 */
describe('Class: SearchIndexStore, on DynamoDB Local', { timeout: 60_000 }, () => {
  const { documentClient } = dataClients();
  let table: string;
  const chunkKeys = async () =>
    (
      await documentClient.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
          ExpressionAttributeValues: { ':pk': searchIndexKeys.partition('fr'), ':v': 'V#' },
        }),
      )
    ).Items!.map((item) => item.sk as string);

  beforeAll(async () => {
    table = (await createTestTables()).data;
  });

  it('of two rebuilds racing for one locale, one flips the pointer; the other writes nothing that stays, and readers get the winner', async () => {
    // Prepare
    const writer = new SearchIndexStore(documentClient, table, 0);
    await writer.rebuild('fr', [doc('art_1', 'Résiliation')], await writer.state('fr'), []);

    // Act: two workers rebuild at once from the same read of the pointer, with different reads of
    // the published articles.
    const basedOn = await writer.state('fr');
    const [first, second] = await Promise.all([
      new SearchIndexStore(documentClient, table, 0).rebuild('fr', [doc('art_1', 'Résiliation'), doc('art_2', 'Remboursement')], basedOn, []),
      new SearchIndexStore(documentClient, table, 0).rebuild('fr', [doc('art_1', 'Résiliation'), doc('art_3', 'Déménagement')], basedOn, []),
    ]);

    // Assess
    const won = [first, second].filter(Boolean);
    expect(won).toHaveLength(1);
    expect(won[0]!.version).toBe(2);
    const reader = new SearchIndexStore(documentClient, table, 0);
    const found = [...(await reader.search('fr', 'remboursement', 5)), ...(await reader.search('fr', 'demenagement', 5))].map((hit) => hit.articleId);
    expect(found).toEqual([first ? 'art_2' : 'art_3']);
    // Version 1 and the winner's chunks; the loser dropped its own.
    expect((await chunkKeys()).map((sk) => sk.slice(0, 13))).toEqual(['V#0000000001#', 'V#0000000002#']);
  });

  it('keeps the previous build for readers still loading it and deletes the one before; a reader follows the new version', async () => {
    const store = new SearchIndexStore(documentClient, table, 0);
    const reader = new SearchIndexStore(documentClient, table, 0);
    const before = await store.rebuild('fr', [doc('art_9', 'Sinistre')], await store.state('fr'), []);
    expect((await reader.search('fr', 'sinistre', 5)).map((hit) => hit.articleId)).toEqual(['art_9']);

    await store.rebuild('fr', [doc('art_9', 'Sinistre'), doc('art_10', 'Attestation')], await store.state('fr'), []);

    expect((await reader.search('fr', 'attestation', 5)).map((hit) => hit.articleId)).toEqual(['art_10']);
    const versions = [...new Set((await chunkKeys()).map((sk) => sk.slice(0, 13)))];
    expect(versions).toEqual([`V#${String(before!.version).padStart(10, '0')}#`, `V#${String(before!.version + 1).padStart(10, '0')}#`]);
  });

  it('keeps the pending changes on the pointer: a rebuild clears those it read, and refuses to clear one asked for again meanwhile', async () => {
    // Prepare: a locale with no index yet, two changes noted.
    const store = new SearchIndexStore(documentClient, table, 0);
    await store.request('en', 'art_20', 'event-1');
    await store.request('en', 'art_21', 'event-2');
    const read = await store.state('en');
    expect(read).toMatchObject({ version: undefined, pending: { art_20: 'event-1', art_21: 'event-2' } });
    expect(await store.search('en', 'refund', 5)).toEqual([]);

    // Act: art_21 changes again after the read; a rebuild based on that read tries to clear both.
    await store.request('en', 'art_21', 'event-3');
    const stale = await store.rebuild('en', [doc('art_20', 'Refund'), doc('art_21', 'Moving')], read, ['art_20', 'art_21']);
    const fresh = await store.state('en');
    const rebuilt = await store.rebuild('en', [doc('art_20', 'Refund'), doc('art_21', 'Moving house')], fresh, ['art_20', 'art_21']);

    // Assess: the stale rebuild stored nothing; the fresh one stored version 1 and cleared both.
    expect(stale).toBeUndefined();
    expect(rebuilt).toMatchObject({ version: 1, documents: 2 });
    expect(await store.state('en')).toMatchObject({ version: 1, pending: {} });
    expect((await store.search('en', 'moving house', 5)).map((hit) => hit.articleId)).toEqual(['art_21']);
    // The message of a change taken in (redelivered) notes nothing; a new change of it does.
    expect(await store.request('en', 'art_20', 'event-1')).toBe(false);
    expect(await store.request('en', 'art_20', 'event-4')).toBe(true);
  });

  it('forgets the marks of changes taken in long ago, so the pointer every search instance reads stays small', async () => {
    // Prepare: a change taken in, then a rebuild an hour later.
    const ownTable = (await createTestTables()).data;
    let now = Date.parse('2026-12-02T08:00:00Z');
    const store = new SearchIndexStore(documentClient, ownTable, 0, () => now);
    await store.request('fr', 'art_30', 'event-30');
    await store.rebuild('fr', [doc('art_30', 'Factura')], await store.state('fr'), ['art_30']);
    const pointer = async () =>
      (await documentClient.send(new GetCommand({ TableName: ownTable, Key: searchIndexKeys.pointer('fr'), ConsistentRead: true }))).Item!;
    expect(Object.keys(await pointer())).toContain('taken#art_30');

    // Act
    now += 60 * 60_000;
    await store.request('fr', 'art_31', 'event-31');
    await store.rebuild('fr', [doc('art_30', 'Factura'), doc('art_31', 'Mudanza')], await store.state('fr'), ['art_31']);

    // Assess
    expect(Object.keys(await pointer()).filter((name) => name.startsWith('taken#'))).toEqual(['taken#art_31']);
  });
});
