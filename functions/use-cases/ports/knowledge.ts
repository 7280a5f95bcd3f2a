import type { Article, ArticleStatus } from '../../domain/articles';
import type { Language } from '../../domain/channels';
import type { OutboxEvent } from '../../domain/outbox-event';

/** Knowledge-base articles, by id, and listed per locale and status (newest change first). */
export interface Articles {
  get(articleId: string, consistent?: boolean): Promise<Article | undefined>;
  /** Writes a new article; false if the id exists. */
  create(article: Article, outbox?: OutboxEvent): Promise<void>;
  /** Replaces the article if its revision is still `expectedRevision`; false otherwise. */
  replace(next: Article, expectedRevision: number, outbox?: OutboxEvent): Promise<boolean>;
  /** One page of a locale's articles in one status, most recently changed first; `tag` keeps those carrying it. */
  page(options: { locale: Language; status: ArticleStatus; tag?: string; limit: number; after?: string }): Promise<{ articles: Article[]; last?: string }>;
  /** Every published article of a locale (what its search index is built from). */
  published(locale: Language): Promise<Pick<Article, 'articleId' | 'title' | 'body' | 'tags'>[]>;
}

/** One search hit, best first. */
export interface SearchHit {
  articleId: string;
  title: string;
  snippet: string;
  score: number;
}

/** The document the index keeps of each published article. */
export interface IndexedArticle {
  articleId: string;
  title: string;
  body: string;
  tags: string[];
  snippet: string;
}

/**
 * What a locale's stored index stands on: its version (none before the first build) and the
 * changes it must still take in, by article id (each the id of the request that asked: a later
 * change of the same article replaces it).
 */
export interface SearchIndexState {
  readonly version: number | undefined;
  readonly pending: Readonly<Record<string, string>>;
}

/** The full-text index of each locale: built from the published articles, stored, loaded by the search function. */
export interface SearchIndex {
  /**
   * Notes that the locale's index must take in this article's current state (`requestId` is
   * unique per change); false when a stored index already took that change in (a redelivery, or a
   * message whose change an earlier rebuild read).
   */
  request(locale: Language, articleId: string, requestId: string): Promise<boolean>;
  /** The locale's index as stored now (a consistent read). */
  state(locale: Language): Promise<SearchIndexState>;
  /**
   * Stores an index built from these articles as the locale's next version and clears the pending
   * changes it `covers`, if nothing moved since `basedOn` was read (no other version stored, none
   * of those changes asked for again); undefined otherwise (read the state again).
   */
  rebuild(
    locale: Language,
    articles: IndexedArticle[],
    basedOn: SearchIndexState,
    covers: readonly string[],
  ): Promise<{ version: number; documents: number; bytes: number } | undefined>;
  /** Searches the locale's current stored index (none yet: no hit). */
  search(locale: Language, query: string, limit: number): Promise<SearchHit[]>;
}
