import { httpHandler } from '../commons/http/http-handler';
import { listCases } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /cases', async ({ query, principal }) => ({
  status: 200,
  body: await listCases(defaultDependencies(), principal, query),
}));
