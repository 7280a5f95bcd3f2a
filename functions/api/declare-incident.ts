import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { dependenciesWith } from '../wiring/dependencies';
import { incidents } from '../wiring/stores';
import { declareIncident } from '../use-cases/incidents';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ incidents });

export const handler = idempotentHttpHandler(route.declareIncident, async ({ body, principal, correlationId }) => ({
  status: 201,
  body: await declareIncident(dependencies(), principal, body, correlationId),
  // An outage, for an audience: nobody's data.
  customerIds: [],
}));
