import { httpHandler } from '../commons/http/http-handler';
import { getCallback } from '../use-cases/callbacks';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks, customers } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, callbacks });

export const handler = httpHandler(route.getCallback, async ({ params, principal }) => ({
  status: 200,
  body: await getCallback(dependencies(), principal, params.callbackId),
}));
