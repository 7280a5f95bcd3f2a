import { type Article, type ArticleChanges, type ArticleStatus, snippetOf, statusChangeRefusal } from '../domain/articles';
import type { Language } from '../domain/channels';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import { newId } from '../domain/ids';
import { outboxEvent } from '../domain/outbox-event';
import type { Principal } from '../domain/roles';
import { intents } from '../domain/text-analysis';
import { Conflict, InvalidInput, NotFound, UnknownReference, Unprocessable } from './errors';
import type { Cases } from './ports/cases';
import type { Interactions } from './ports/interactions';
import type { Articles, SearchHit, SearchIndex } from './ports/knowledge';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { ArticleArchived, ArticlePublished } from '../domain/knowledge-events';

/** What the knowledge-base use cases talk to. */
export interface KnowledgeDependencies {
  articles: Articles;
  searchIndex: SearchIndex;
  cases: Cases;
  interactions: Interactions;
  settings: { LANGUAGES: readonly Language[]; DEFAULT_LANGUAGE: Language };
  now: () => Date;
}

const conflict = { attempts: 3, conflict: 'The article kept changing: read it again and retry.' };

function assertLocale(deps: Pick<KnowledgeDependencies, 'settings'>, locale: Language, field = 'locale'): void {
  if (!deps.settings.LANGUAGES.includes(locale))
    throw new InvalidInput([{ field, message: `one of this client's languages: ${deps.settings.LANGUAGES.join(', ')}` }]);
}

/** A new draft. Primary course: check the locale and the root of a translation, write the draft (no event: drafts are private). */
export async function createArticle(
  deps: Pick<KnowledgeDependencies, 'articles' | 'settings' | 'now'>,
  principal: Principal,
  request: { locale: Language; title: string; body: string; tags: string[]; products?: string[]; segments?: string[]; translationOf?: string; caseId?: string },
): Promise<Article> {
  assertLocale(deps, request.locale);
  if (request.translationOf) {
    const root = await deps.articles.get(request.translationOf);
    if (!root) throw new UnknownReference('translationOf', `Article ${request.translationOf} does not exist.`);
    if (root.locale === request.locale) throw new Unprocessable('translationOf', 'A translation is in another locale than the article it translates.');
    request = { ...request, translationOf: root.translationOf ?? root.articleId };
  }
  const at = deps.now();
  const article: Article = {
    articleId: newId('article', at.getTime()),
    locale: request.locale,
    title: request.title,
    body: request.body,
    tags: [...new Set(request.tags)],
    ...(request.products ? { products: request.products } : {}),
    ...(request.segments ? { segments: request.segments } : {}),
    ...(request.translationOf ? { translationOf: request.translationOf } : {}),
    ...(request.caseId ? { caseId: request.caseId } : {}),
    status: 'draft',
    version: 0,
    revision: 1,
    createdAt: at.toISOString(),
    createdBy: principal.subject,
    updatedAt: at.toISOString(),
  };
  await deps.articles.create(article);
  return article;
}

/** A published article, for anyone; a draft or an archived article is "not found" to the public, so ids cannot be probed. */
export async function getPublishedArticle(deps: Pick<KnowledgeDependencies, 'articles'>, articleId: string): Promise<Article> {
  const article = await deps.articles.get(articleId);
  if (article?.status !== 'published') throw NotFound.of('Article', articleId);
  return article;
}

/** Any article, for staff. */
export async function getArticle(deps: Pick<KnowledgeDependencies, 'articles'>, articleId: string): Promise<Article> {
  const article = await deps.articles.get(articleId);
  if (!article) throw NotFound.of('Article', articleId);
  return article;
}

/**
 * Edits an article. Primary course: read it, refuse an archived one or a stale `revision`, apply
 * the changes; a published article's change is a new published version (ArticlePublished, the
 * index is rebuilt).
 */
export async function updateArticle(
  deps: Pick<KnowledgeDependencies, 'articles' | 'now'>,
  articleId: string,
  request: ArticleChanges & { revision?: number },
  correlationId: string,
): Promise<Article> {
  const { revision, ...changes } = request;
  return retryOnConflict(conflict, async () => {
    const current = await getArticle(deps, articleId);
    if (current.status === 'archived') throw new Conflict('The article is archived: it cannot change any more (write a new draft).');
    if (revision !== undefined && revision !== current.revision) {
      throw new Conflict(`The article changed since revision ${revision} (now ${current.revision}): read it again.`, 'revision');
    }
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as ArticleChanges;
    const published = current.status === 'published';
    const next: Article = {
      ...current,
      ...defined,
      ...(defined.tags ? { tags: [...new Set(defined.tags)] } : {}),
      version: published ? current.version + 1 : current.version,
      revision: current.revision + 1,
      updatedAt: deps.now().toISOString(),
    };
    const event = published ? publishedEvent(next, correlationId, deps.now()) : undefined;
    if (!(await deps.articles.replace(next, current.revision, event))) {
      // Someone else wrote first: a caller who named the revision meets a 409, others retry.
      if (revision !== undefined) throw new Conflict('The article changed meanwhile: read it again.', 'revision');
      return lostRace;
    }
    return next;
  });
}

/** Publishes (draft → published, version + 1) or archives (draft or published → archived) an article. */
export async function changeArticleStatus(
  deps: Pick<KnowledgeDependencies, 'articles' | 'now'>,
  articleId: string,
  to: 'published' | 'archived',
  correlationId: string,
): Promise<Article> {
  return retryOnConflict(conflict, async () => {
    const current = await getArticle(deps, articleId);
    const refusal = statusChangeRefusal(current.status, to);
    if (refusal) throw new Conflict(refusal);
    const at = deps.now().toISOString();
    const next: Article =
      to === 'published'
        ? { ...current, status: 'published', version: current.version + 1, revision: current.revision + 1, updatedAt: at, publishedAt: at }
        : { ...current, status: 'archived', revision: current.revision + 1, updatedAt: at, archivedAt: at };
    const event =
      to === 'published'
        ? publishedEvent(next, correlationId, deps.now())
        : outboxEvent(ArticleArchived, { articleId, locale: next.locale, version: next.version }, correlationId, deps.now());
    return (await deps.articles.replace(next, current.revision, event)) ? next : lostRace;
  });
}

function publishedEvent(article: Article, correlationId: string, at: Date) {
  return outboxEvent(
    ArticlePublished,
    {
      articleId: article.articleId,
      locale: article.locale,
      version: article.version,
      ...(article.translationOf ? { translationOf: article.translationOf } : {}),
    },
    correlationId,
    at,
  );
}

/** One page of a locale's articles in one status, most recently changed first. */
export async function listArticles(
  deps: Pick<KnowledgeDependencies, 'articles' | 'settings'>,
  query: { locale: Language; status: ArticleStatus; tag?: string; limit: number; cursor?: string },
) {
  assertLocale(deps, query.locale);
  const after = query.cursor === undefined ? undefined : decodeArticleCursor(query.cursor);
  const { articles, last } = await deps.articles.page({
    locale: query.locale,
    status: query.status,
    ...(query.tag ? { tag: query.tag } : {}),
    limit: query.limit,
    ...(after ? { after } : {}),
  });
  return {
    items: articles.map(({ articleId, locale, title, tags, status, version, updatedAt }) => ({ articleId, locale, title, tags, status, version, updatedAt })),
    ...(last ? { nextCursor: encodeCursor(last) } : {}),
  };
}

function decodeArticleCursor(cursor: string): string {
  const key = decodeCursor(cursor);
  if (!key) throw new InvalidInput([{ field: 'cursor', message: 'a nextCursor returned by a previous page' }]);
  return key;
}

/**
 * Knowledge from the corpus: a resolved case becomes a draft. Primary course: the case must be
 * resolved (or closed); its subject is the title, the agent's steps the body, the intents its
 * contacts showed the tags; the draft is linked to the case.
 */
export async function draftArticleFromCase(
  deps: Pick<KnowledgeDependencies, 'articles' | 'cases' | 'interactions' | 'settings' | 'now'>,
  principal: Principal,
  caseId: string,
  request: { steps: string; locale?: Language; title?: string },
): Promise<Article> {
  const supportCase = await deps.cases.get(caseId);
  if (!supportCase) throw NotFound.of('Case', caseId);
  if (supportCase.status !== 'resolved' && supportCase.status !== 'closed') {
    throw new Conflict(`The case is ${supportCase.status}: only a resolved case becomes an article.`);
  }
  const locale = request.locale ?? deps.settings.DEFAULT_LANGUAGE;
  assertLocale(deps, locale);
  const seen = (await deps.interactions.ofCase(caseId)).flatMap((interaction) => interaction.analysis?.intents ?? []);
  return createArticle(deps, principal, {
    locale,
    title: (request.title ?? supportCase.subject).slice(0, 200),
    body: request.steps,
    tags: intents.filter((intent) => seen.includes(intent)),
    caseId,
  });
}

/** The most pending changes one rebuild clears (each is a term of its conditional write's expression). */
export const maxChangesPerRebuild = 50;

/**
 * Brings a locale's search index up to date with a change of one of its articles (published,
 * edited, archived). Many changes at once (a supervisor publishing a batch, a seed) coalesce: the
 * change is first noted as pending on the index, and a rebuild clears every pending change it has
 * read, so the message of a change that another rebuild already took in has nothing left to do
 * (it is not noted again).
 * Two rebuilds racing cannot both store a version (the loser reads the state again), and a
 * redelivered message costs at most one more rebuild.
 *
 * The published list is an index, eventually consistent on AWS: each pending change is read again
 * by key (consistent) after it was noted, so what the index holds is its current state even if the
 * list lags. A change is cleared only by a rebuild that read it this way.
 */
export async function rebuildSearchIndex(
  deps: Pick<KnowledgeDependencies, 'articles' | 'searchIndex'>,
  locale: Language,
  change?: { articleId: string; requestId: string },
): Promise<{ rebuilt?: { version: number; documents: number; bytes: number } }> {
  if (change && !(await deps.searchIndex.request(locale, change.articleId, change.requestId))) return {};
  return retryOnConflict({ attempts: 5, conflict: `The ${locale} search index kept being rebuilt meanwhile.` }, async () => {
    const state = await deps.searchIndex.state(locale);
    if (change && state.pending[change.articleId] !== change.requestId) return {}; // another rebuild took it in
    const pending = Object.keys(state.pending);
    const covers = [...(change ? [change.articleId] : []), ...pending.filter((id) => id !== change?.articleId)].slice(0, maxChangesPerRebuild);
    const [listed, current] = await Promise.all([deps.articles.published(locale), Promise.all(covers.map((id) => deps.articles.get(id, true)))]);
    const articles = new Map(listed.map((article) => [article.articleId, article]));
    covers.forEach((articleId, i) => {
      const article = current[i];
      if (article?.status === 'published' && article.locale === locale) articles.set(articleId, article);
      else articles.delete(articleId);
    });
    const rebuilt = await deps.searchIndex.rebuild(
      locale,
      [...articles.values()].map(({ articleId, title, body, tags }) => ({ articleId, title, body, tags, snippet: snippetOf(body) })),
      state,
      covers,
    );
    return rebuilt ? { rebuilt } : lostRace;
  });
}

export const maxSearchResults = 10;

/**
 * The self-care search: the locale's published articles that match what the customer typed, best
 * first. Returns the article ids shown, for the session that records the search.
 */
export async function searchArticles(
  deps: Pick<KnowledgeDependencies, 'searchIndex' | 'settings'>,
  request: { q: string; locale: Language },
): Promise<{ searchId: string; results: SearchHit[]; articleIds: string[] }> {
  assertLocale(deps, request.locale);
  const results = await deps.searchIndex.search(request.locale, request.q, maxSearchResults);
  return { searchId: newId('search'), results, articleIds: results.map((hit) => hit.articleId) };
}
