import { httpHandler } from '../commons/http/http-handler';
import { changeArticleStatus } from '../use-cases/knowledge';
import { dependenciesWith, knowledgeSettings } from '../wiring/dependencies';
import { articles } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ articles }, knowledgeSettings);

export const handler = httpHandler(route.publishArticle, async ({ params, correlationId }) => ({
  status: 200,
  body: await changeArticleStatus(dependencies(), params.articleId, 'published', correlationId),
}));
