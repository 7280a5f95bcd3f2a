import { httpHandler } from '../commons/http/http-handler';
import { requestErasure } from '../use-cases/privacy';
import { privacyDependencies } from '../wiring/privacy';

export const handler = httpHandler('POST /customers/{customerId}/erasure', async ({ params, principal, correlationId }) => ({
  status: 202,
  body: (await requestErasure(privacyDependencies(), principal, params.customerId, correlationId)).request,
}));
