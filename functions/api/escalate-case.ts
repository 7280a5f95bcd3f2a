import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { escalateCase } from '../use-cases/escalations';
import * as route from '../definition/routes';

// The stored response holds the reason an agent typed: erased with the case's customer.
export const handler = idempotentHttpHandler(route.escalateCase, async ({ params, body, principal, correlationId }) => {
  const escalation = await escalateCase(defaultDependencies(), principal, params.caseId, body, correlationId);
  return { status: 202, body: escalation, customerIds: [escalation.customerId] };
});
