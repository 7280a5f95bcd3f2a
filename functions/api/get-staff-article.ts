import { httpHandler } from '../commons/http/http-handler';
import { getArticle } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getStaffArticle, async ({ params }) => ({
  status: 200,
  body: await getArticle(knowledgeDependencies(), params.articleId),
}));
