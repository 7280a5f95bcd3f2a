import { httpHandler } from '../commons/http/http-handler';
import { getCaseContext } from '../use-cases/cases';
import { dependenciesWith } from '../wiring/dependencies';
import { articles, cases, customers, incidents, interactions, selfcare, surveys } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases, interactions, incidents, selfcare, articles, surveys });

export const handler = httpHandler(route.getCaseContext, async ({ params, principal }) => ({
  status: 200,
  body: await getCaseContext(dependencies(), principal, params.caseId),
}));
