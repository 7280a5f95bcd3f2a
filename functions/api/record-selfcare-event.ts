import { httpHandler } from '../commons/http/http-handler';
import { recordSessionEvent } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.recordSelfcareEvent, async ({ params, body }) => ({
  status: 201,
  body: await recordSessionEvent(defaultDependencies(), params.sessionId, body),
}));
