import { queueDepth } from '../adapters/sqs/queue-depth';
import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { requestCallback } from '../use-cases/callbacks';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks, customers, queueStats } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, callbacks, queueStats });

export const handler = idempotentHttpHandler(route.requestCallback, async ({ body, principal, correlationId }) => {
  const deps = { ...dependencies(), callbackQueueDepth: () => queueDepth('callbacks') };
  const { created, callback } = await requestCallback(deps, principal, body, correlationId);
  // The stored response holds the phone number and the reason: erased with the customer.
  return { status: created ? 201 : 200, body: callback, customerIds: [callback.customerId] };
});
