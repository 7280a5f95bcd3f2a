import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { requestErasure } from '../use-cases/privacy';
import { privacyDependencies } from '../wiring/privacy';
import * as route from '../definition/routes';

export const handler = idempotentHttpHandler(route.requestErasure, async ({ params, principal, correlationId }) => ({
  status: 202,
  body: (await requestErasure(privacyDependencies(), principal, params.customerId, correlationId)).request,
  // The request's id (an HMAC), dates, role and counts: nothing that names the person.
  customerIds: [],
}));
