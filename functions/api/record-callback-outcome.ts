import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { recordCallbackOutcome } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

// The stored response holds the phone number and the notes: erased with the customer.
export const handler = idempotentHttpHandler(route.recordCallbackOutcome, async ({ params, body, principal, correlationId }) => {
  const callback = await recordCallbackOutcome(defaultDependencies(), principal, params.callbackId, body.outcome, body.note, correlationId);
  return { status: 200, body: callback, customerIds: [callback.customerId] };
});
