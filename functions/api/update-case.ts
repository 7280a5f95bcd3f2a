import { httpHandler } from '../commons/http/http-handler';
import { updateCase } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('PATCH /cases/{caseId}', async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await updateCase(defaultDependencies(), principal, params.caseId, body, correlationId),
}));
