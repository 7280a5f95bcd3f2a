import { httpHandler } from '../commons/http/http-handler';
import { getSurveyPage } from '../use-cases/surveys';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getSurvey, async ({ params }) => ({
  status: 200,
  body: await getSurveyPage(defaultDependencies(), params.token),
}));
