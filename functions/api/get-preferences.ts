import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { getPreferences } from '../use-cases/preferences';

export const handler = httpHandler('GET /customers/{customerId}/preferences', async ({ params, principal }) => ({
  status: 200,
  body: await getPreferences(defaultDependencies(), principal, params.customerId),
}));
