import { httpHandler } from '../commons/http/http-handler';
import { updateArticle } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';
import * as route from '../definition/routes';

export const handler = httpHandler(route.updateArticle, async ({ params, body, correlationId }) => ({
  status: 200,
  body: await updateArticle(knowledgeDependencies(), params.articleId, body, correlationId),
}));
