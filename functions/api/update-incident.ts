import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { updateIncident } from '../use-cases/incidents';

export const handler = httpHandler('PATCH /incidents/{incidentId}', async ({ params, body, correlationId }) => ({
  status: 200,
  body: await updateIncident(defaultDependencies(), params.incidentId, body, correlationId),
}));
