import { httpHandler } from '../commons/http/http-handler';
import { identifySession } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('POST /selfcare/sessions/{sessionId}/identify', async ({ params, principal, correlationId }) => ({
  status: 200,
  body: await identifySession(defaultDependencies(), principal, params.sessionId, correlationId),
}));
