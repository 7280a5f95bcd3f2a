import { httpHandler } from '../commons/http/http-handler';
import { getCase } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getCase, async ({ params, principal }) => ({
  status: 200,
  body: await getCase(defaultDependencies(), principal, params.caseId),
}));
