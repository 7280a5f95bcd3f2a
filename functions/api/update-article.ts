import { httpHandler } from '../commons/http/http-handler';
import { updateArticle } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';

export const handler = httpHandler('PATCH /articles/{articleId}', async ({ params, body, correlationId }) => ({
  status: 200,
  body: await updateArticle(knowledgeDependencies(), params.articleId, body, correlationId),
}));
