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

/** The full-text index of each locale: built from the published articles, stored, loaded by the search function. */
export interface SearchIndex {
  /**
   * Builds the locale's index from these articles and stores it as its new version; undefined
   * when another rebuild stored a version first (read the articles again and retry).
   */
  rebuild(locale: Language, articles: IndexedArticle[]): Promise<{ version: number; documents: number; bytes: number } | undefined>;
  /** Searches the locale's current stored index (none yet: no hit). */
  search(locale: Language, query: string, limit: number): Promise<SearchHit[]>;
}
