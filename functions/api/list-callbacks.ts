import { httpHandler } from '../commons/http/http-handler';
import { listCallbacks } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /customers/{customerId}/callbacks', async ({ params, query, principal }) => ({
  status: 200,
  body: await listCallbacks(defaultDependencies(), principal, params.customerId, query),
}));
