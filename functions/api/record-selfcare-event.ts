import { httpHandler } from '../commons/http/http-handler';
import { recordSessionEvent } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('POST /selfcare/sessions/{sessionId}/events', async ({ params, body }) => ({
  status: 201,
  body: await recordSessionEvent(defaultDependencies(), params.sessionId, body),
}));
