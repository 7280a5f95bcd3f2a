import { httpHandler } from '../commons/http/http-handler';
import { dependenciesWith } from '../wiring/dependencies';
import { customers } from '../wiring/stores';
import { putPreferences } from '../use-cases/preferences';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers });

export const handler = httpHandler(route.putPreferences, async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await putPreferences(dependencies(), principal, params.customerId, body, correlationId),
}));
