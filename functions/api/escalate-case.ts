import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { escalateCase } from '../use-cases/escalations';

export const handler = idempotentHttpHandler('POST /cases/{caseId}/escalations', async ({ params, body, principal, correlationId }) => ({
  status: 202,
  body: await escalateCase(defaultDependencies(), principal, params.caseId, body, correlationId),
}));
