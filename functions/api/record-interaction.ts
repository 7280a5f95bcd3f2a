import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { recordInteraction } from '../use-cases/record-interaction';

export const handler = httpHandler('POST /interactions', async ({ body, principal, correlationId }) => ({
  status: 201,
  body: await recordInteraction(defaultDependencies(), body, principal, correlationId),
}));
