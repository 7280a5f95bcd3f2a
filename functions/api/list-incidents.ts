import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { listActiveIncidents } from '../use-cases/incidents';

export const handler = httpHandler('GET /incidents', async ({ query, principal }) => ({
  status: 200,
  body: await listActiveIncidents(defaultDependencies(), principal, query),
}));
