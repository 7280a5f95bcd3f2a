import { httpHandler } from '../commons/http/http-handler';
import { searchArticles } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';

export const handler = httpHandler('GET /selfcare/search', async ({ query }) => {
  const { searchId, results } = await searchArticles(knowledgeDependencies(), query);
  return { status: 200, body: { searchId, ...(query.sessionId ? { sessionId: query.sessionId } : {}), results } };
});
