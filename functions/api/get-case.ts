import { httpHandler } from '../commons/http/http-handler';
import { getCase } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /cases/{caseId}', async ({ params, principal }) => ({
  status: 200,
  body: await getCase(defaultDependencies(), principal, params.caseId),
}));
