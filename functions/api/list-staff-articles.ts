import { httpHandler } from '../commons/http/http-handler';
import { listArticles } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';

export const handler = httpHandler('GET /staff/articles', async ({ query }) => ({
  status: 200,
  body: await listArticles(knowledgeDependencies(), query),
}));
