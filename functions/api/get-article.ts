import { httpHandler } from '../commons/http/http-handler';
import { getPublishedArticle } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getArticle, async ({ params }) => ({
  status: 200,
  body: await getPublishedArticle(knowledgeDependencies(), params.articleId),
}));
