import { httpHandler } from '../commons/http/http-handler';
import { exportCustomer } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.exportCustomer, async ({ params, query, principal }) => ({
  status: 200,
  body: await exportCustomer(defaultDependencies(), principal, params.customerId, query),
}));
