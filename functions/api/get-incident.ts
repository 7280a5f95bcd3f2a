import { httpHandler } from '../commons/http/http-handler';
import { dependenciesWith } from '../wiring/dependencies';
import { incidents } from '../wiring/stores';
import { getIncident } from '../use-cases/incidents';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ incidents });

export const handler = httpHandler(route.getIncident, async ({ params }) => ({
  status: 200,
  body: await getIncident(dependencies(), params.incidentId),
}));
