import type { Language } from './channels';

/**
 * Knowledge-base articles: what support knows, written for customers. An article is written in one
 * locale (one of the client's languages); its translations point at one root article
 * (`translationOf`). Agents and supervisors write drafts; supervisors publish and archive.
 */
export const articleStatuses = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

/** Markdown bodies up to this many bytes (UTF-8): far more than any help article, far less than an item (400 KB). */
export const maxArticleBodyBytes = 100 * 1024;

export interface Article {
  articleId: string;
  locale: Language;
  title: string;
  /** Markdown. */
  body: string;
  tags: string[];
  /** The products / segments it applies to (absent: all). */
  products?: string[];
  segments?: string[];
  status: ArticleStatus;
  /** The root article this one translates. */
  translationOf?: string;
  /** The resolved case it was drafted from. */
  caseId?: string;
  /**
   * Grows by one on every published change (publishing a draft, editing a published article):
   * 0 until first published. Search results and events carry it.
   */
  version: number;
  /** Optimistic concurrency: grows on every write. */
  revision: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  publishedAt?: string;
  archivedAt?: string;
}

/** The changes a PATCH may make. */
export interface ArticleChanges {
  title?: string;
  body?: string;
  tags?: string[];
  products?: string[];
  segments?: string[];
}

/** Why a status change is refused, or undefined when it is allowed. */
export function statusChangeRefusal(current: ArticleStatus, to: 'published' | 'archived'): string | undefined {
  if (current === 'archived') return 'The article is archived: it cannot change any more (write a new draft).';
  if (to === 'published' && current === 'published') return 'The article is already published.';
  return undefined;
}

/**
 * The plain text shown under a search result: the body without its Markdown marks, cut at a word
 * boundary. Kept in the index, so a search reads no article.
 */
export function snippetOf(markdown: string, maxLength = 180): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(?:#+|>|[-*+]|\d+\.)\s+/gm, ' ')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), maxLength / 2))}…`;
}
