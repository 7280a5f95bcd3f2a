import { httpHandler } from '../commons/http/http-handler';
import { exportCustomer } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /customers/{customerId}/export', async ({ params, query, principal }) => ({
  status: 200,
  body: await exportCustomer(defaultDependencies(), principal, params.customerId, query),
}));
