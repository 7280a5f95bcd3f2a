import { httpHandler } from '../commons/http/http-handler';
import { required } from '../commons/settings';
import { selfcareReport } from '../use-cases/selfcare-report';
import { dependenciesWith } from '../wiring/dependencies';
import { selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ selfcare });

export const handler = httpHandler(route.getSelfcareReport, async ({ query }) => ({
  status: 200,
  body: await selfcareReport({ ...dependencies(), settings: { LANGUAGES: required('LANGUAGES') } }, query),
}));
