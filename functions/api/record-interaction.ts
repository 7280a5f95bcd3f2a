import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { recordInteraction } from '../use-cases/record-interaction';

export const handler = idempotentHttpHandler('POST /interactions', async ({ body, principal, correlationId }) => ({
  status: 201,
  body: await recordInteraction(defaultDependencies(), body, principal, correlationId),
}));
