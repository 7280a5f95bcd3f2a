import { httpHandler } from '../commons/http/http-handler';
import { updateCustomerAttributes } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.updateCustomer, async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await updateCustomerAttributes(defaultDependencies(), principal, params.customerId, body, correlationId),
}));
