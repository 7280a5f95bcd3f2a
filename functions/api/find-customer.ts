import { httpHandler } from '../commons/http/http-handler';
import { findCustomer } from '../use-cases/customers';
import { dependenciesWith } from '../wiring/dependencies';
import { customers } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers });

export const handler = httpHandler(route.findCustomer, async ({ query }) => ({
  status: 200,
  body: await findCustomer(dependencies(), {
    ...query,
    ...(query.socialNetwork && query.socialHandle ? { social: { network: query.socialNetwork, handle: query.socialHandle } } : {}),
  }),
}));
