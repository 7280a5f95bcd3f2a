import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { declareIncident } from '../use-cases/incidents';

export const handler = httpHandler('POST /incidents', async ({ body, principal, correlationId }) => ({
  status: 201,
  body: await declareIncident(defaultDependencies(), principal, body, correlationId),
}));
