import { httpHandler } from '../commons/http/http-handler';
import { getCustomer } from '../use-cases/customers';
import { dependenciesWith } from '../wiring/dependencies';
import { customers } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers });

export const handler = httpHandler(route.getCustomer, async ({ params, principal }) => ({
  status: 200,
  body: await getCustomer(dependencies(), principal, params.customerId),
}));
