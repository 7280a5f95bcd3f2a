import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { mergeCustomers } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = idempotentHttpHandler('POST /customers/{customerId}/merge', async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await mergeCustomers(defaultDependencies(), principal, params.customerId, body.sourceCustomerId, correlationId),
}));
