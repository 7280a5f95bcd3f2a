import { describe, expect, it } from 'vitest';
import type { Article } from '../../functions/domain/articles';
import { maxChangesPerRebuild, rebuildSearchIndex } from '../../functions/use-cases/knowledge';
import type { Articles, IndexedArticle, SearchIndex, SearchIndexState } from '../../functions/use-cases/ports/knowledge';

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
 * never lags, so the lag is injected here with a list that is one change behind the items. The
 * index keeps its pending changes in memory, as the pointer item does (the store's own test runs
 * on DynamoDB Local).
 */
function lagging(items: Article[], listed: Article[]) {
  const built: IndexedArticle[][] = [];
  const pending = new Map<string, string>();
  const taken = new Map<string, string>();
  let version: number | undefined;
  const articles = {
    get: async (id: string) => items.find((a) => a.articleId === id),
    published: async () => listed,
  } as Partial<Articles> as Articles;
  const searchIndex = {
    request: async (_locale: string, articleId: string, requestId: string) => {
      if (taken.get(articleId) === requestId) return false;
      pending.set(articleId, requestId);
      return true;
    },
    state: async (): Promise<SearchIndexState> => ({ version, pending: Object.fromEntries(pending) }),
    rebuild: async (_locale: string, documents: IndexedArticle[], basedOn: SearchIndexState, covers: readonly string[]) => {
      if (basedOn.version !== version || covers.some((id) => pending.get(id) !== basedOn.pending[id])) return undefined;
      for (const id of covers) {
        taken.set(id, pending.get(id)!);
        pending.delete(id);
      }
      built.push(documents);
      version = built.length;
      return { version, documents: documents.length, bytes: 1 };
    },
  } as Partial<SearchIndex> as SearchIndex;
  return { deps: { articles, searchIndex }, built, pending };
}

const change = (articleId: string, requestId = `event-${articleId}`) => ({ articleId, requestId });

describe('Use case: rebuildSearchIndex', () => {
  it('indexes the article just published even when the published list does not show it yet', async () => {
    const { deps, built } = lagging([article('art_a', 'published'), article('art_b', 'published')], [article('art_a', 'published')]);

    await rebuildSearchIndex(deps, 'fr', change('art_b'));

    expect(built[0]!.map((d) => d.articleId).sort()).toEqual(['art_a', 'art_b']);
  });

  it('leaves out the article just archived even when the published list still shows it, and indexes its latest edit', async () => {
    const { deps, built } = lagging(
      [article('art_a', 'archived'), article('art_b', 'published', 'nouveau titre')],
      [article('art_a', 'published'), article('art_b', 'published', 'ancien titre')],
    );

    await rebuildSearchIndex(deps, 'fr', change('art_a'));
    await rebuildSearchIndex(deps, 'fr', change('art_b'));

    expect(built[0]!.map((d) => d.articleId)).toEqual(['art_b']);
    expect(built[1]!.find((d) => d.articleId === 'art_b')!.title).toBe('nouveau titre');
  });

  it('coalesces changes published together: one rebuild takes in every pending change, and their messages have nothing left to do', async () => {
    // Prepare: three articles published at once, each change noted before any rebuild ran.
    const items = ['art_a', 'art_b', 'art_c'].map((id) => article(id, 'published'));
    const { deps, built, pending } = lagging(items, []);
    await deps.searchIndex.request('fr', 'art_b', 'event-art_b');
    await deps.searchIndex.request('fr', 'art_c', 'event-art_c');

    // Act: the three messages are handled.
    const results = [];
    for (const id of ['art_a', 'art_b', 'art_c']) results.push(await rebuildSearchIndex(deps, 'fr', change(id)));

    // Assess: one rebuild, from the articles read by key (the list showed none of them); a
    // redelivered message adds none.
    await rebuildSearchIndex(deps, 'fr', change('art_a'));
    expect(built).toHaveLength(1);
    expect(built[0]!.map((d) => d.articleId).sort()).toEqual(['art_a', 'art_b', 'art_c']);
    expect(results.map((result) => Boolean(result.rebuilt))).toEqual([true, false, false]);
    expect(pending.size).toBe(0);
  });

  it('clears at most a bounded number of pending changes per rebuild (one conditional write), and a later message takes in the rest', async () => {
    const items = Array.from({ length: maxChangesPerRebuild + 5 }, (_, i) => article(`art_${i}`, 'published'));
    const { deps, built, pending } = lagging(items, []);
    for (const { articleId } of items.slice(1)) await deps.searchIndex.request('fr', articleId, `event-${articleId}`);

    await rebuildSearchIndex(deps, 'fr', change('art_0'));

    expect(built[0]).toHaveLength(maxChangesPerRebuild);
    expect(pending.size).toBe(5);
    // A later message of one still pending takes in the rest.
    await rebuildSearchIndex(deps, 'fr', change('art_54'));
    expect(built[1]).toHaveLength(5);
    expect(pending.size).toBe(0);
  });
});
