import { httpHandler } from '../commons/http/http-handler';
import { answerSurveyByToken } from '../use-cases/surveys';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.answerSurvey, async ({ params, body, correlationId }) => ({
  status: 201,
  body: await answerSurveyByToken(defaultDependencies(), params.token, body, correlationId),
}));
