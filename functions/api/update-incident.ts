import { httpHandler } from '../commons/http/http-handler';
import { dependenciesWith } from '../wiring/dependencies';
import { incidents } from '../wiring/stores';
import { updateIncident } from '../use-cases/incidents';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ incidents });

export const handler = httpHandler(route.updateIncident, async ({ params, body, correlationId }) => ({
  status: 200,
  body: await updateIncident(dependencies(), params.incidentId, body, correlationId),
}));
