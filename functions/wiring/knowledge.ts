import { ArticleStore } from '../adapters/dynamodb/article-store';
import { CaseStore } from '../adapters/dynamodb/case-store';
import { documentClient } from '../adapters/dynamodb/client';
import { InteractionStore } from '../adapters/dynamodb/interaction-store';
import { SearchIndexStore } from '../adapters/search/search-index-store';
import { required, settings } from '../commons/settings';
import type { KnowledgeDependencies } from '../use-cases/knowledge';

/**
 * The composition root of the knowledge base and its search (functions/use-cases/knowledge.ts):
 * created once per cold start, so the search index a search function loads stays in memory
 * between requests.
 */
let cached: KnowledgeDependencies | undefined;

export function knowledgeDependencies(): KnowledgeDependencies {
  if (cached) return cached;
  const table = required('TABLE_NAME');
  const { LANGUAGES, DEFAULT_LANGUAGE, SEARCH_INDEX_CHECK_SECONDS } = settings();
  cached = {
    articles: new ArticleStore(documentClient, table),
    searchIndex: new SearchIndexStore(documentClient, table, SEARCH_INDEX_CHECK_SECONDS),
    cases: new CaseStore(documentClient, table),
    interactions: new InteractionStore(documentClient, table),
    settings: { LANGUAGES: LANGUAGES ?? [], DEFAULT_LANGUAGE: DEFAULT_LANGUAGE ?? 'en' },
    now: () => new Date(),
  };
  return cached;
}
