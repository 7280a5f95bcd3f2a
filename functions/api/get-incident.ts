import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { getIncident } from '../use-cases/incidents';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getIncident, async ({ params }) => ({
  status: 200,
  body: await getIncident(defaultDependencies(), params.incidentId),
}));
