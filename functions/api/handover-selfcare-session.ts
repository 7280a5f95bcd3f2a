import { queueDepth } from '../adapters/sqs/queue-depth';
import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { handover } from '../use-cases/selfcare';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks, cases, customers, interactions, queueStats, selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases, interactions, callbacks, queueStats, selfcare });

export const handler = idempotentHttpHandler(route.handoverSelfcareSession, async ({ params, body, correlationId }) => {
  const deps = { ...dependencies(), callbackQueueDepth: () => queueDepth('callbacks') };
  const handedOver = await handover(deps, params.sessionId, body, correlationId);
  // The stored response may hold a callback's phone number: erased with the customer the session was handed over for.
  return { status: 201, body: handedOver, customerIds: [handedOver.customerId] };
});
