import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { recordInteraction } from '../use-cases/record-interaction';
import * as route from '../definition/routes';

// The stored response repeats the text: erased with the customer the contact landed on (resolved by the use case).
export const handler = idempotentHttpHandler(route.recordInteraction, async ({ body, principal, correlationId }) => {
  const recorded = await recordInteraction(defaultDependencies(), body, principal, correlationId);
  return { status: 201, body: recorded, customerIds: [recorded.customerId] };
});
