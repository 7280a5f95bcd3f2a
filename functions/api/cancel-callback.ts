import { httpHandler } from '../commons/http/http-handler';
import { cancelCallback } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('DELETE /callbacks/{callbackId}', async ({ params, principal, correlationId }) => ({
  status: 200,
  body: await cancelCallback(defaultDependencies(), principal, params.callbackId, correlationId),
}));
