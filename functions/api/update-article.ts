import { httpHandler } from '../commons/http/http-handler';
import { updateArticle } from '../use-cases/knowledge';
import { dependenciesWith, knowledgeSettings } from '../wiring/dependencies';
import { articles } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ articles }, knowledgeSettings);

export const handler = httpHandler(route.updateArticle, async ({ params, body, correlationId }) => ({
  status: 200,
  body: await updateArticle(dependencies(), params.articleId, body, correlationId),
}));
