import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { declareIncident } from '../use-cases/incidents';
import * as route from '../definition/routes';

export const handler = idempotentHttpHandler(route.declareIncident, async ({ body, principal, correlationId }) => ({
  status: 201,
  body: await declareIncident(defaultDependencies(), principal, body, correlationId),
  // An outage, for an audience: nobody's data.
  customerIds: [],
}));
