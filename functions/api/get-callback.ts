import { httpHandler } from '../commons/http/http-handler';
import { getCallback } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /callbacks/{callbackId}', async ({ params, principal }) => ({
  status: 200,
  body: await getCallback(defaultDependencies(), principal, params.callbackId),
}));
