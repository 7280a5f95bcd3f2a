import { httpHandler } from '../commons/http/http-handler';
import { answerStep } from '../use-cases/selfcare';
import { dependenciesWith } from '../wiring/dependencies';
import { selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ selfcare });

export const handler = httpHandler(route.answerSelfcareStep, async ({ params, body }) => ({
  status: 200,
  body: await answerStep(dependencies(), params.sessionId, body),
}));
