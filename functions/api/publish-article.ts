import { httpHandler } from '../commons/http/http-handler';
import { changeArticleStatus } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';
import * as route from '../definition/routes';

export const handler = httpHandler(route.publishArticle, async ({ params, correlationId }) => ({
  status: 200,
  body: await changeArticleStatus(knowledgeDependencies(), params.articleId, 'published', correlationId),
}));
