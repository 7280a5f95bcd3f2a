import { httpHandler } from '../commons/http/http-handler';
import { required } from '../commons/settings';
import { selfcareReport } from '../use-cases/selfcare-report';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /reports/selfcare', async ({ query }) => ({
  status: 200,
  body: await selfcareReport({ ...defaultDependencies(), settings: { LANGUAGES: required('LANGUAGES') } }, query),
}));
