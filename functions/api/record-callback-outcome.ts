import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { recordCallbackOutcome } from '../use-cases/callbacks';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks, customers, queueStats } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, callbacks, queueStats });

// The stored response holds the phone number and the notes: erased with the customer.
export const handler = idempotentHttpHandler(route.recordCallbackOutcome, async ({ params, body, principal, correlationId }) => {
  const callback = await recordCallbackOutcome(dependencies(), principal, params.callbackId, body.outcome, body.note, correlationId);
  return { status: 200, body: callback, customerIds: [callback.customerId] };
});
