import { httpHandler } from '../commons/http/http-handler';
import { cancelCallback } from '../use-cases/callbacks';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks, customers, queueStats } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, callbacks, queueStats });

export const handler = httpHandler(route.cancelCallback, async ({ params, principal, correlationId }) => ({
  status: 200,
  body: await cancelCallback(dependencies(), principal, params.callbackId, correlationId),
}));
