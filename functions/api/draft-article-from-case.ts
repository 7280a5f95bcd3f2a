import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { draftArticleFromCase } from '../use-cases/knowledge';
import { dependenciesWith, knowledgeSettings } from '../wiring/dependencies';
import { articles, cases, interactions } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ cases, interactions, articles }, knowledgeSettings);

export const handler = idempotentHttpHandler(route.draftArticleFromCase, async ({ params, body, principal }) => ({
  status: 201,
  body: await draftArticleFromCase(dependencies(), principal, params.caseId, body),
  // The draft is an article, knowledge an erasure keeps (its title may default to the case's subject: the
  // article item repeats it too, so referencing this response alone would erase nothing).
  customerIds: [],
}));
