import { httpHandler } from '../commons/http/http-handler';
import { searchArticles } from '../use-cases/knowledge';
import { recordSearch } from '../use-cases/selfcare';
import { dependenciesWith, knowledgeSettings } from '../wiring/dependencies';
import { searchIndex, selfcare } from '../wiring/stores';

import * as route from '../definition/routes';

const search = dependenciesWith({ searchIndex }, knowledgeSettings);
const sessions = dependenciesWith({ selfcare });

export const handler = httpHandler(route.searchArticles, async ({ query }) => {
  const { searchId, results, articleIds } = await searchArticles(search(), query);
  // A search within a session is recorded on it (what was typed, how many matched, what was shown):
  // the handover carries the searches that found nothing to the agent, and the report counts them.
  // An unknown or expired session is a 404, as on the session's other routes.
  if (query.sessionId) {
    await recordSearch(sessions(), query.sessionId, {
      searchId,
      locale: query.locale,
      query: query.q,
      resultCount: results.length,
      articleIds,
      at: new Date().toISOString(),
    });
  }
  return { status: 200, body: { searchId, ...(query.sessionId ? { sessionId: query.sessionId } : {}), results } };
});
