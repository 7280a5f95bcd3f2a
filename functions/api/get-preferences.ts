import { httpHandler } from '../commons/http/http-handler';
import { dependenciesWith } from '../wiring/dependencies';
import { customers } from '../wiring/stores';
import { getPreferences } from '../use-cases/preferences';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers });

export const handler = httpHandler(route.getPreferences, async ({ params, principal }) => ({
  status: 200,
  body: await getPreferences(dependencies(), principal, params.customerId),
}));
