import { httpHandler } from '../commons/http/http-handler';
import { identifySession } from '../use-cases/selfcare';
import { dependenciesWith } from '../wiring/dependencies';
import { customers, interactions, selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, interactions, selfcare });

export const handler = httpHandler(route.identifySelfcareSession, async ({ params, principal, correlationId }) => ({
  status: 200,
  body: await identifySession(dependencies(), principal, params.sessionId, correlationId),
}));
