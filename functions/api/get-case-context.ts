import { httpHandler } from '../commons/http/http-handler';
import { getCaseContext } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getCaseContext, async ({ params, principal }) => ({
  status: 200,
  body: await getCaseContext(defaultDependencies(), principal, params.caseId),
}));
