import { httpHandler } from '../commons/http/http-handler';
import { listCallbacks } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.listCallbacks, async ({ params, query, principal }) => ({
  status: 200,
  body: await listCallbacks(defaultDependencies(), principal, params.customerId, query),
}));
