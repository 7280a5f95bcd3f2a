import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
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
    await writer.rebuild('fr', [doc('art_1', 'Résiliation')]);

    // Two workers that both read the pointer before either writes (each waits for the other's read,
    // so the race happens however loaded the machine is).
    let reads = 0;
    let bothRead: () => void = () => {};
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    const racing = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        const result = await documentClient.send(command as never);
        if (command instanceof GetCommand) {
          if (++reads === 2) bothRead();
          await barrier;
        }
        return result;
      },
    } as unknown as DynamoDBDocumentClient;

    // Act: two workers rebuild at once, from different reads of the published articles.
    const [first, second] = await Promise.all([
      new SearchIndexStore(racing, table, 0).rebuild('fr', [doc('art_1', 'Résiliation'), doc('art_2', 'Remboursement')]),
      new SearchIndexStore(racing, table, 0).rebuild('fr', [doc('art_1', 'Résiliation'), doc('art_3', 'Déménagement')]),
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
    const before = await store.rebuild('fr', [doc('art_9', 'Sinistre')]);
    expect((await reader.search('fr', 'sinistre', 5)).map((hit) => hit.articleId)).toEqual(['art_9']);

    await store.rebuild('fr', [doc('art_9', 'Sinistre'), doc('art_10', 'Attestation')]);

    expect((await reader.search('fr', 'attestation', 5)).map((hit) => hit.articleId)).toEqual(['art_10']);
    const versions = [...new Set((await chunkKeys()).map((sk) => sk.slice(0, 13)))];
    expect(versions).toEqual([`V#${String(before!.version).padStart(10, '0')}#`, `V#${String(before!.version + 1).padStart(10, '0')}#`]);
  });
});
