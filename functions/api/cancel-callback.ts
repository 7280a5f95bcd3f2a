import { httpHandler } from '../commons/http/http-handler';
import { cancelCallback } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.cancelCallback, async ({ params, principal, correlationId }) => ({
  status: 200,
  body: await cancelCallback(defaultDependencies(), principal, params.callbackId, correlationId),
}));
