import { httpHandler } from '../commons/http/http-handler';
import { findCustomer } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.findCustomer, async ({ query }) => ({
  status: 200,
  body: await findCustomer(defaultDependencies(), {
    ...query,
    ...(query.socialNetwork && query.socialHandle ? { social: { network: query.socialNetwork, handle: query.socialHandle } } : {}),
  }),
}));
