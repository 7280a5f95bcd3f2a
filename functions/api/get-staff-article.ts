import { httpHandler } from '../commons/http/http-handler';
import { getArticle } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';

export const handler = httpHandler('GET /staff/articles/{articleId}', async ({ params }) => ({
  status: 200,
  body: await getArticle(knowledgeDependencies(), params.articleId),
}));
