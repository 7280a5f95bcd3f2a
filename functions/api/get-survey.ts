import { httpHandler } from '../commons/http/http-handler';
import { getSurveyPage } from '../use-cases/surveys';
import { dependenciesWith } from '../wiring/dependencies';
import { surveys } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ surveys });

export const handler = httpHandler(route.getSurvey, async ({ params }) => ({
  status: 200,
  body: await getSurveyPage(dependencies(), params.token),
}));
