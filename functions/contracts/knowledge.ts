import * as z from 'zod';
import { articleStatuses, maxArticleBodyBytes } from '../domain/articles';
import { Language } from '../domain/channels';
import { ArticleId, CaseId } from '../domain/ids';
import { Line, Text, TimelineQuery, Timestamp } from './common';
import { SessionId } from './selfcare';

/** The knowledge base (articles) and the self-care search over its published articles. */

export const ArticleStatus = z.enum(articleStatuses);
export const Locale = Language.meta({ description: "One of the client's languages." });

export const ArticlePath = z.object({ articleId: ArticleId });

const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_-]{0,47}$/u, 'a tag: letters, digits, _ and - (at most 48 characters)');
const Tags = z.array(Tag).max(20);
const Scope = z.array(Line.trim().min(1).max(64)).max(50);
const Title = Line.trim().min(1).max(200);
const Body = Text.min(1).refine((body) => Buffer.byteLength(body, 'utf8') <= maxArticleBodyBytes, {
  message: `at most ${maxArticleBodyBytes / 1024} KB of Markdown (UTF-8)`,
});

export const CreateArticleRequest = z
  .object({
    locale: Locale,
    title: Title,
    body: Body.meta({ description: 'Markdown, at most 100 KB.' }),
    tags: Tags.default([]),
    products: Scope.optional().meta({ description: 'The products it applies to (absent: all).' }),
    segments: Scope.optional().meta({ description: 'The customer segments it applies to (absent: all).' }),
    translationOf: ArticleId.optional().meta({ description: 'The root article this one translates (another locale).' }),
  })
  .strict()
  .meta({ id: 'CreateArticleRequest' });

export const UpdateArticleRequest = z
  .object({
    revision: z.number().int().min(1).optional().meta({ description: 'The revision you edited: a newer one on the server is a 409 (nothing written).' }),
    title: Title.optional(),
    body: Body.optional(),
    tags: Tags.optional(),
    products: Scope.optional(),
    segments: Scope.optional(),
  })
  .strict()
  .refine((u) => Object.entries(u).some(([key, value]) => key !== 'revision' && value !== undefined), {
    message: 'at least one of title, body, tags, products, segments',
  })
  .meta({ id: 'UpdateArticleRequest' });

export const ArticleDraftRequest = z
  .object({
    steps: Text.trim().min(1).max(20_000).meta({ description: 'The resolution steps, as the agent writes them for customers (Markdown).' }),
    locale: Locale.optional().meta({ description: "Default: the client's default language." }),
    title: Title.optional().meta({ description: "Default: the case's subject." }),
  })
  .strict()
  .meta({ id: 'ArticleDraftRequest' });

export const Article = z
  .object({
    articleId: ArticleId,
    locale: Locale,
    title: z.string(),
    body: z.string(),
    tags: z.array(z.string()),
    products: z.array(z.string()).optional(),
    segments: z.array(z.string()).optional(),
    status: ArticleStatus,
    translationOf: z.string().optional(),
    caseId: CaseId.optional().meta({ description: 'The resolved case it was drafted from.' }),
    version: z.number().int().min(0).meta({ description: 'Grows by one on every published change; 0 until first published.' }),
    revision: z.number().int().min(1).meta({ description: 'Grows on every write: send it back with a PATCH.' }),
    createdAt: Timestamp,
    createdBy: z.string(),
    updatedAt: Timestamp,
    publishedAt: Timestamp.optional(),
    archivedAt: Timestamp.optional(),
  })
  .meta({ id: 'Article' });

export const ArticleSummary = Article.pick({ articleId: true, locale: true, title: true, tags: true, status: true, version: true, updatedAt: true }).meta({
  id: 'ArticleSummary',
});

export const ArticleListQuery = TimelineQuery.extend({
  locale: Locale,
  status: ArticleStatus.default('published').meta({
    description: 'Public callers may list published articles only; drafts and archived ones: GET /staff/articles.',
  }),
  tag: Tag.optional(),
}).strict();

export const PublicArticleListQuery = ArticleListQuery.extend({
  status: z.literal('published', { error: 'published: drafts and archived articles are listed for staff only (GET /staff/articles)' }).default('published'),
}).strict();

export const ArticlePage = z
  .object({
    items: z.array(ArticleSummary).meta({ description: 'Most recently changed first.' }),
    nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` to get the next page; absent on the last page.' }),
  })
  .meta({ id: 'ArticlePage' });

export const maxSearchQueryLength = 200;

export const SearchQuery = z
  .object({
    q: Text.trim().min(1).max(maxSearchQueryLength).meta({ description: 'What the customer typed (typos, missing accents and unfinished words are fine).' }),
    locale: Locale,
    sessionId: SessionId.optional().meta({ description: "The visitor's self-care session (POST /selfcare/sessions): the search is recorded on it." }),
  })
  .strict();

export const SearchResponse = z
  .object({
    searchId: z.string(),
    sessionId: z.string().optional().meta({ description: 'The session given, on which the search was recorded.' }),
    results: z
      .array(z.object({ articleId: ArticleId, title: z.string(), snippet: z.string(), score: z.number() }))
      .meta({ description: 'Published articles only, best first (at most 10).' }),
  })
  .meta({ id: 'SearchResponse' });
