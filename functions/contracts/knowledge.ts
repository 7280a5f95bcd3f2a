import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { articleStatuses, maxArticleBodyBytes } from '../domain/articles';
import { Language } from '../domain/channels';
import { ArticleId, CaseId } from '../domain/ids';
import { Line, Text, TimelineQuery, Timestamp } from './common';
import { SessionId } from './selfcare';

/** The knowledge base (articles) and the self-care search over its published articles. */

export const ArticleStatus = z.enum(articleStatuses);
export const Locale = meta(Language, { description: "One of the client's languages." });

export const ArticlePath = z.object({ articleId: ArticleId });

const Tag = z
  .string()
  .check(z.trim(), z.toLowerCase(), z.regex(/^[\p{L}\p{N}][\p{L}\p{N}_-]{0,47}$/u, 'a tag: letters, digits, _ and - (at most 48 characters)'));
const Tags = z.array(Tag).check(z.maxLength(20));
const Scope = z.array(Line.check(z.trim(), z.minLength(1), z.maxLength(64))).check(z.maxLength(50));
const Title = Line.check(z.trim(), z.minLength(1), z.maxLength(200));
const Body = Text.check(
  z.minLength(1),
  z.refine((body) => Buffer.byteLength(body, 'utf8') <= maxArticleBodyBytes, {
    message: `at most ${maxArticleBodyBytes / 1024} KB of Markdown (UTF-8)`,
  }),
);

export const CreateArticleRequest = meta(
  z.strictObject({
    locale: Locale,
    title: Title,
    body: meta(Body, { description: 'Markdown, at most 100 KB.' }),
    tags: z._default(Tags, []),
    products: meta(z.optional(Scope), { description: 'The products it applies to (absent: all).' }),
    segments: meta(z.optional(Scope), { description: 'The customer segments it applies to (absent: all).' }),
    translationOf: meta(z.optional(ArticleId), { description: 'The root article this one translates (another locale).' }),
  }),
  { id: 'CreateArticleRequest' },
);

export const UpdateArticleRequest = meta(
  z
    .strictObject({
      revision: meta(z.optional(z.int().check(z.gte(1))), { description: 'The revision you edited: a newer one on the server is a 409 (nothing written).' }),
      title: z.optional(Title),
      body: z.optional(Body),
      tags: z.optional(Tags),
      products: z.optional(Scope),
      segments: z.optional(Scope),
    })
    .check(
      z.refine((u) => Object.entries(u).some(([key, value]) => key !== 'revision' && value !== undefined), {
        message: 'at least one of title, body, tags, products, segments',
      }),
    ),
  { id: 'UpdateArticleRequest' },
);

export const ArticleDraftRequest = meta(
  z.strictObject({
    steps: meta(Text.check(z.trim(), z.minLength(1), z.maxLength(20_000)), {
      description: 'The resolution steps, as the agent writes them for customers (Markdown).',
    }),
    locale: meta(z.optional(Locale), { description: "Default: the client's default language." }),
    title: meta(z.optional(Title), { description: "Default: the case's subject." }),
  }),
  { id: 'ArticleDraftRequest' },
);

export const Article = meta(
  z.object({
    articleId: ArticleId,
    locale: Locale,
    title: z.string(),
    body: z.string(),
    tags: z.array(z.string()),
    products: z.optional(z.array(z.string())),
    segments: z.optional(z.array(z.string())),
    status: ArticleStatus,
    translationOf: z.optional(z.string()),
    caseId: meta(z.optional(CaseId), { description: 'The resolved case it was drafted from.' }),
    version: meta(z.int().check(z.gte(0)), { description: 'Grows by one on every published change; 0 until first published.' }),
    revision: meta(z.int().check(z.gte(1)), { description: 'Grows on every write: send it back with a PATCH.' }),
    createdAt: Timestamp,
    createdBy: z.string(),
    updatedAt: Timestamp,
    publishedAt: z.optional(Timestamp),
    archivedAt: z.optional(Timestamp),
  }),
  { id: 'Article' },
);

export const ArticleSummary = meta(z.pick(Article, { articleId: true, locale: true, title: true, tags: true, status: true, version: true, updatedAt: true }), {
  id: 'ArticleSummary',
});

export const ArticleListQuery = z.extend(TimelineQuery, {
  locale: Locale,
  status: meta(z._default(ArticleStatus, 'published'), {
    description: 'Public callers may list published articles only; drafts and archived ones: GET /staff/articles.',
  }),
  tag: z.optional(Tag),
});

export const PublicArticleListQuery = z.extend(ArticleListQuery, {
  status: z._default(z.literal('published', { error: 'published: drafts and archived articles are listed for staff only (GET /staff/articles)' }), 'published'),
});

export const ArticlePage = meta(
  z.object({
    items: meta(z.array(ArticleSummary), { description: 'Most recently changed first.' }),
    nextCursor: meta(z.optional(z.string()), { description: 'Pass as `cursor` to get the next page; absent on the last page.' }),
  }),
  { id: 'ArticlePage' },
);

export const maxSearchQueryLength = 200;

export const SearchQuery = z.strictObject({
  q: meta(Text.check(z.trim(), z.minLength(1), z.maxLength(maxSearchQueryLength)), {
    description: 'What the customer typed (typos, missing accents and unfinished words are fine).',
  }),
  locale: Locale,
  sessionId: meta(z.optional(SessionId), { description: "The visitor's self-care session (POST /selfcare/sessions): the search is recorded on it." }),
});

export const SearchResponse = meta(
  z.object({
    searchId: z.string(),
    sessionId: meta(z.optional(z.string()), { description: 'The session given, on which the search was recorded.' }),
    results: meta(z.array(z.object({ articleId: ArticleId, title: z.string(), snippet: z.string(), score: z.number() })), {
      description: 'Published articles only, best first (at most 10).',
    }),
  }),
  { id: 'SearchResponse' },
);
