import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { getPreferences } from '../use-cases/preferences';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getPreferences, async ({ params, principal }) => ({
  status: 200,
  body: await getPreferences(defaultDependencies(), principal, params.customerId),
}));
