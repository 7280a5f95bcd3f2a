import { httpHandler } from '../commons/http/http-handler';
import { getTimeline } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /customers/{customerId}/timeline', async ({ params, query, principal }) => ({
  status: 200,
  body: await getTimeline(defaultDependencies(), principal, params.customerId, query),
}));
