import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { createArticle } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';
import * as route from '../definition/routes';

export const handler = idempotentHttpHandler(route.createArticle, async ({ body, principal }) => ({
  status: 201,
  body: await createArticle(knowledgeDependencies(), principal, body),
  // Knowledge, written by staff for every customer: nobody's data.
  customerIds: [],
}));
