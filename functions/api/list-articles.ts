import { httpHandler } from '../commons/http/http-handler';
import { listArticles } from '../use-cases/knowledge';
import { dependenciesWith, knowledgeSettings } from '../wiring/dependencies';
import { articles } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ articles }, knowledgeSettings);

export const handler = httpHandler(route.listArticles, async ({ query }) => ({
  status: 200,
  body: await listArticles(dependencies(), query),
}));
