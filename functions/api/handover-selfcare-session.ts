import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { handover } from '../use-cases/selfcare';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks, cases, customers, interactions, queueStats, selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases, interactions, callbacks, queueStats, selfcare });

export const handler = idempotentHttpHandler(route.handoverSelfcareSession, async ({ params, body, correlationId }) => {
  // Only a callback handover reads the queue's depth (for its wait estimate): the SQS client is
  // loaded then, from a chunk of its own (lib/bundling.ts), not by every cold start.
  const deps = { ...dependencies(), callbackQueueDepth: async () => (await import('../adapters/sqs/queue-depth')).queueDepth('callbacks') };
  const handedOver = await handover(deps, params.sessionId, body, correlationId);
  // The stored response may hold a callback's phone number: erased with the customer the session was handed over for.
  return { status: 201, body: handedOver, customerIds: [handedOver.customerId] };
});
