import { httpHandler } from '../commons/http/http-handler';
import { getSurveyPage } from '../use-cases/surveys';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /surveys/{token}', async ({ params }) => ({
  status: 200,
  body: await getSurveyPage(defaultDependencies(), params.token),
}));
