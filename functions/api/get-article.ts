import { httpHandler } from '../commons/http/http-handler';
import { getPublishedArticle } from '../use-cases/knowledge';
import { dependenciesWith, knowledgeSettings } from '../wiring/dependencies';
import { articles } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ articles }, knowledgeSettings);

export const handler = httpHandler(route.getArticle, async ({ params }) => ({
  status: 200,
  body: await getPublishedArticle(dependencies(), params.articleId),
}));
