import { httpHandler } from '../commons/http/http-handler';
import { updateCustomerAttributes } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('PATCH /customers/{customerId}', async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await updateCustomerAttributes(defaultDependencies(), principal, params.customerId, body, correlationId),
}));
