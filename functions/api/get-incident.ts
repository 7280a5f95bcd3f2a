import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { getIncident } from '../use-cases/incidents';

export const handler = httpHandler('GET /incidents/{incidentId}', async ({ params }) => ({
  status: 200,
  body: await getIncident(defaultDependencies(), params.incidentId),
}));
