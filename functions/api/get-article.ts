import { httpHandler } from '../commons/http/http-handler';
import { getPublishedArticle } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';

export const handler = httpHandler('GET /articles/{articleId}', async ({ params }) => ({
  status: 200,
  body: await getPublishedArticle(knowledgeDependencies(), params.articleId),
}));
