import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { openCase } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = idempotentHttpHandler('POST /cases', async ({ body, principal, correlationId }) => ({
  status: 201,
  body: await openCase(defaultDependencies(), principal, body, correlationId),
}));
