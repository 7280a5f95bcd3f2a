import { describe, expect, it } from 'vitest';
import type { Article } from '../../functions/domain/articles';
import { rebuildSearchIndex } from '../../functions/use-cases/knowledge';
import type { Articles, IndexedArticle, SearchIndex } from '../../functions/use-cases/ports/knowledge';

const article = (articleId: string, status: Article['status'], title = articleId): Article => ({
  articleId,
  locale: 'fr',
  title,
  body: `Le texte de ${title}.`,
  tags: [],
  status,
  version: 1,
  revision: 2,
  createdAt: '2026-12-01T10:00:00.000Z',
  createdBy: 'agent-1',
  updatedAt: '2026-12-01T10:00:00.000Z',
});

/**
 * The list of published articles is a global secondary index: eventually consistent on AWS, so
 * the rebuild an event triggers may read it before it shows that event's change. DynamoDB Local
 * never lags, so the lag is injected here with a list that is one change behind the items.
 */
function lagging(items: Article[], listed: Article[]) {
  const built: IndexedArticle[][] = [];
  const articles = {
    get: async (id: string) => items.find((a) => a.articleId === id),
    published: async () => listed,
  } as Partial<Articles> as Articles;
  const searchIndex = {
    rebuild: async (_locale: string, documents: IndexedArticle[]) => {
      built.push(documents);
      return { version: built.length, documents: documents.length, bytes: 1 };
    },
  } as Partial<SearchIndex> as SearchIndex;
  return { deps: { articles, searchIndex }, built };
}

describe('Use case: rebuildSearchIndex', () => {
  it('indexes the article just published even when the published list does not show it yet', async () => {
    const { deps, built } = lagging([article('art_a', 'published'), article('art_b', 'published')], [article('art_a', 'published')]);

    await rebuildSearchIndex(deps, 'fr', 'art_b');

    expect(built[0]!.map((d) => d.articleId).sort()).toEqual(['art_a', 'art_b']);
  });

  it('leaves out the article just archived even when the published list still shows it, and indexes its latest edit', async () => {
    const { deps, built } = lagging(
      [article('art_a', 'archived'), article('art_b', 'published', 'nouveau titre')],
      [article('art_a', 'published'), article('art_b', 'published', 'ancien titre')],
    );

    await rebuildSearchIndex(deps, 'fr', 'art_a');
    await rebuildSearchIndex(deps, 'fr', 'art_b');

    expect(built[0]!.map((d) => d.articleId)).toEqual(['art_b']);
    expect(built[1]!.find((d) => d.articleId === 'art_b')!.title).toBe('nouveau titre');
  });
});
