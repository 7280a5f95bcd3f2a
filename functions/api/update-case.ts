import { httpHandler } from '../commons/http/http-handler';
import { updateCase } from '../use-cases/cases';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, customers } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases });

export const handler = httpHandler(route.updateCase, async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await updateCase(dependencies(), principal, params.caseId, body, correlationId),
}));
