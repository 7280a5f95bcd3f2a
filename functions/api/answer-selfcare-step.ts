import { httpHandler } from '../commons/http/http-handler';
import { answerStep } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.answerSelfcareStep, async ({ params, body }) => ({
  status: 200,
  body: await answerStep(defaultDependencies(), params.sessionId, body),
}));
