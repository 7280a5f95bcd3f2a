import { httpHandler } from '../commons/http/http-handler';
import { exportCustomer } from '../use-cases/customers';
import { dependenciesWith } from '../wiring/dependencies';
import { customers, interactions, selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, interactions, selfcare });

export const handler = httpHandler(route.exportCustomer, async ({ params, query, principal }) => ({
  status: 200,
  body: await exportCustomer(dependencies(), principal, params.customerId, query),
}));
