import { httpHandler } from '../commons/http/http-handler';
import { getCase } from '../use-cases/cases';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, customers } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases });

export const handler = httpHandler(route.getCase, async ({ params, principal }) => ({
  status: 200,
  body: await getCase(dependencies(), principal, params.caseId),
}));
