import { httpHandler } from '../commons/http/http-handler';
import { answerSurveyByToken } from '../use-cases/surveys';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('POST /surveys/{token}/responses', async ({ params, body, correlationId }) => ({
  status: 201,
  body: await answerSurveyByToken(defaultDependencies(), params.token, body, correlationId),
}));
