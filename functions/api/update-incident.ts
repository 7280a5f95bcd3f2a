import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { updateIncident } from '../use-cases/incidents';
import * as route from '../definition/routes';

export const handler = httpHandler(route.updateIncident, async ({ params, body, correlationId }) => ({
  status: 200,
  body: await updateIncident(defaultDependencies(), params.incidentId, body, correlationId),
}));
