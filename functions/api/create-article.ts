import { httpHandler } from '../commons/http/http-handler';
import { createArticle } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';

export const handler = httpHandler('POST /articles', async ({ body, principal }) => ({
  status: 201,
  body: await createArticle(knowledgeDependencies(), principal, body),
}));
