import { httpHandler } from '../commons/http/http-handler';
import { getCustomer } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /customers/{customerId}', async ({ params, principal }) => ({
  status: 200,
  body: await getCustomer(defaultDependencies(), principal, params.customerId),
}));
