import { httpHandler } from '../commons/http/http-handler';
import { getCustomer } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getCustomer, async ({ params, principal }) => ({
  status: 200,
  body: await getCustomer(defaultDependencies(), principal, params.customerId),
}));
