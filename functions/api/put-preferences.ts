import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { putPreferences } from '../use-cases/preferences';
import * as route from '../definition/routes';

export const handler = httpHandler(route.putPreferences, async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await putPreferences(defaultDependencies(), principal, params.customerId, body, correlationId),
}));
