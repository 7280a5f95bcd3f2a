import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { Language } from './channels';

import { defineEvent } from './event-definition';

/** The events of `support.knowledge` (the catalog: functions/domain/events.ts). */
export const ArticlePublished = defineEvent({
  name: 'ArticlePublished',
  version: 1,
  source: 'support.knowledge',
  description:
    "A knowledge-base article was published, or a published article changed (a new version): the search index of its locale is rebuilt. Carries ids, never the article's text.",
  data: z.object({
    articleId: z.string(),
    locale: Language,
    version: meta(z.int().check(z.gte(1)), { description: 'The published version: 1 at first publication, one more on each published change.' }),
    translationOf: meta(z.optional(z.string()), { description: 'The root article it translates.' }),
  }),
});
export const ArticleArchived = defineEvent({
  name: 'ArticleArchived',
  version: 1,
  source: 'support.knowledge',
  description: 'A knowledge-base article was archived: it leaves the search index of its locale and is no longer public.',
  data: z.object({
    articleId: z.string(),
    locale: Language,
    version: meta(z.int().check(z.gte(0)), { description: 'Its last published version (0: never published).' }),
  }),
});
