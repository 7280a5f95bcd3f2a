import { httpHandler } from '../commons/http/http-handler';
import { updateCase } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.updateCase, async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await updateCase(defaultDependencies(), principal, params.caseId, body, correlationId),
}));
