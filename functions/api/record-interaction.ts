import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, customers, incidents, interactions, selfcare } from '../wiring/stores';
import { recordInteraction } from '../use-cases/record-interaction';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases, interactions, incidents, selfcare });

// The stored response repeats the text: erased with the customer the contact landed on (resolved by the use case).
export const handler = idempotentHttpHandler(route.recordInteraction, async ({ body, principal, correlationId }) => {
  const recorded = await recordInteraction(dependencies(), body, principal, correlationId);
  return { status: 201, body: recorded, customerIds: [recorded.customerId] };
});
