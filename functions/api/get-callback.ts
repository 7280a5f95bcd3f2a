import { httpHandler } from '../commons/http/http-handler';
import { getCallback } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getCallback, async ({ params, principal }) => ({
  status: 200,
  body: await getCallback(defaultDependencies(), principal, params.callbackId),
}));
