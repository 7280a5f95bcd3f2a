import { httpHandler } from '../commons/http/http-handler';
import { getErasureRequest } from '../use-cases/privacy';
import { privacyDependencies } from '../wiring/privacy';

export const handler = httpHandler('GET /erasure-requests/{requestId}', async ({ params, principal }) => ({
  status: 200,
  body: await getErasureRequest(privacyDependencies(), principal, params.requestId),
}));
