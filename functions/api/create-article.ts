import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { createArticle } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';

export const handler = idempotentHttpHandler('POST /articles', async ({ body, principal }) => ({
  status: 201,
  body: await createArticle(knowledgeDependencies(), principal, body),
  // Knowledge, written by staff for every customer: nobody's data.
  customerIds: [],
}));
