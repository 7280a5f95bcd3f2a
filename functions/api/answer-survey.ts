import { httpHandler } from '../commons/http/http-handler';
import { answerSurveyByToken } from '../use-cases/surveys';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, surveys } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ cases, surveys });

export const handler = httpHandler(route.answerSurvey, async ({ params, body, correlationId }) => ({
  status: 201,
  body: await answerSurveyByToken(dependencies(), params.token, body, correlationId),
}));
