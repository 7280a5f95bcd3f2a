import { httpHandler } from '../commons/http/http-handler';
import { required } from '../commons/settings';
import { selfcareReport } from '../use-cases/selfcare-report';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getSelfcareReport, async ({ query }) => ({
  status: 200,
  body: await selfcareReport({ ...defaultDependencies(), settings: { LANGUAGES: required('LANGUAGES') } }, query),
}));
