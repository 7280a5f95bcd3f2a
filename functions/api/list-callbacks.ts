import { httpHandler } from '../commons/http/http-handler';
import { listCallbacks } from '../use-cases/callbacks';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks, customers } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, callbacks });

export const handler = httpHandler(route.listCallbacks, async ({ params, query, principal }) => ({
  status: 200,
  body: await listCallbacks(dependencies(), principal, params.customerId, query),
}));
