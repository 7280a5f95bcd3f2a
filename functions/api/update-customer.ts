import { httpHandler } from '../commons/http/http-handler';
import { updateCustomerAttributes } from '../use-cases/customers';
import { dependenciesWith } from '../wiring/dependencies';
import { customers } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers });

export const handler = httpHandler(route.updateCustomer, async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await updateCustomerAttributes(dependencies(), principal, params.customerId, body, correlationId),
}));
