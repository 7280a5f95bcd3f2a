import { httpHandler } from '../commons/http/http-handler';
import { identifySession } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.identifySelfcareSession, async ({ params, principal, correlationId }) => ({
  status: 200,
  body: await identifySession(defaultDependencies(), principal, params.sessionId, correlationId),
}));
