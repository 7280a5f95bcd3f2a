import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { putPreferences } from '../use-cases/preferences';

export const handler = httpHandler('PUT /customers/{customerId}/preferences', async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await putPreferences(defaultDependencies(), principal, params.customerId, body, correlationId),
}));
