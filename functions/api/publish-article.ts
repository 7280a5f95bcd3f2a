import { httpHandler } from '../commons/http/http-handler';
import { changeArticleStatus } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';

export const handler = httpHandler('POST /articles/{articleId}/publish', async ({ params, correlationId }) => ({
  status: 200,
  body: await changeArticleStatus(knowledgeDependencies(), params.articleId, 'published', correlationId),
}));
