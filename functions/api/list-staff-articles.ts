import { httpHandler } from '../commons/http/http-handler';
import { listArticles } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';
import * as route from '../definition/routes';

export const handler = httpHandler(route.listStaffArticles, async ({ query }) => ({
  status: 200,
  body: await listArticles(knowledgeDependencies(), query),
}));
