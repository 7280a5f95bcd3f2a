import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { declareIncidentFromSurge } from '../use-cases/kpis';
import { dependenciesWith } from '../wiring/dependencies';
import { incidents, kpis } from '../wiring/stores';

import * as route from '../definition/routes';

const dependencies = dependenciesWith({ incidents, kpis });

export const handler = idempotentHttpHandler(route.declareIncidentFromSurge, async ({ params, body, principal, correlationId }) => ({
  status: 201,
  body: await declareIncidentFromSurge(dependencies(), principal, params.surgeId, body, correlationId),
  // An outage, for an audience: nobody's data.
  customerIds: [],
}));
