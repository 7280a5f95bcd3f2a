import { httpHandler } from '../commons/http/http-handler';
import { recordSessionEvent } from '../use-cases/selfcare';
import { dependenciesWith } from '../wiring/dependencies';
import { articles, selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ selfcare, articles });

export const handler = httpHandler(route.recordSelfcareEvent, async ({ params, body }) => ({
  status: 201,
  body: await recordSessionEvent(dependencies(), params.sessionId, body),
}));
