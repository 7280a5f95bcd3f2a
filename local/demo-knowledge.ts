import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../functions/domain/channels';

/**
 * The demo client's sample knowledge base (clients/demo-knowledge/<locale>.json): read by the seed
 * step of `npm start`, the relevance test and the search benchmark. `key` names an article within
 * the files (a translation names its root by key); ids are given when the articles are created.
 */
export interface SampleArticle {
  key: string;
  locale: Language;
  title: string;
  body: string;
  tags: string[];
  translationOf?: string;
}

export const demoKnowledgeDir = join(import.meta.dirname, '..', 'clients', 'demo-knowledge');

export function sampleArticles(dir = demoKnowledgeDir): SampleArticle[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .reverse() // fr.json before en.json: translations name French roots
    .flatMap((name) => {
      const locale = name.replace(/\.json$/, '') as Language;
      return (JSON.parse(readFileSync(join(dir, name), 'utf8')) as Omit<SampleArticle, 'locale'>[]).map((article) => ({ ...article, locale }));
    });
}

/**
 * Loads the sample knowledge base through the API, as a supervisor would: each article created as
 * a draft, then published, so the index worker builds each locale's index the way it always does.
 * Skipped when the knowledge base already has published articles (data kept between starts).
 * Returns how many it published and each sample article's id by its key (what the demo flows link
 * to), found again by title when they were published by an earlier start.
 */
export async function seedDemoKnowledge(baseUrl: string, supervisorToken: string): Promise<{ published: number; ids: Map<string, string> }> {
  const existing = (await (await fetch(`${baseUrl}/articles?locale=fr&limit=1`)).json()) as { items?: unknown[] };
  if (existing.items && existing.items.length > 0) return { published: 0, ids: await publishedIdsByKey(baseUrl) };
  const headers = { authorization: `Bearer ${supervisorToken}`, 'content-type': 'application/json' };
  const ids = new Map<string, string>();
  for (const article of sampleArticles()) {
    const root = article.translationOf ? ids.get(article.translationOf) : undefined;
    const created = await fetch(`${baseUrl}/articles`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ locale: article.locale, title: article.title, body: article.body, tags: article.tags, ...(root ? { translationOf: root } : {}) }),
    });
    if (created.status !== 201) throw new Error(`Seeding ${article.key}: ${created.status} ${await created.text()}`);
    const { articleId } = (await created.json()) as { articleId: string };
    ids.set(article.key, articleId);
    const published = await fetch(`${baseUrl}/articles/${articleId}/publish`, { method: 'POST', headers });
    if (published.status !== 200) throw new Error(`Publishing ${article.key}: ${published.status} ${await published.text()}`);
  }
  return { published: ids.size, ids };
}

/** The ids of the sample articles an earlier start published, by key (matched on title, per locale). */
async function publishedIdsByKey(baseUrl: string): Promise<Map<string, string>> {
  const samples = sampleArticles();
  const ids = new Map<string, string>();
  for (const locale of new Set(samples.map((article) => article.locale))) {
    const byTitle = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = (await (await fetch(`${baseUrl}/articles?locale=${locale}&limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
        items: { articleId: string; title: string }[];
        nextCursor?: string;
      };
      for (const item of page.items) byTitle.set(item.title, item.articleId);
      cursor = page.nextCursor;
    } while (cursor);
    for (const article of samples.filter((sample) => sample.locale === locale)) {
      const id = byTitle.get(article.title);
      if (id) ids.set(article.key, id);
    }
  }
  return ids;
}
