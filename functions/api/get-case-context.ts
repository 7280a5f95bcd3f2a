import { httpHandler } from '../commons/http/http-handler';
import { getCaseContext } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /cases/{caseId}/context', async ({ params, principal }) => ({
  status: 200,
  body: await getCaseContext(defaultDependencies(), principal, params.caseId),
}));
