import { httpHandler } from '../commons/http/http-handler';
import { mergeCustomers } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('POST /customers/{customerId}/merge', async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await mergeCustomers(defaultDependencies(), principal, params.customerId, body.sourceCustomerId, correlationId),
}));
