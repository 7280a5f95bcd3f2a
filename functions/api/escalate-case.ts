import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, customers } from '../wiring/stores';
import { escalateCase } from '../use-cases/escalations';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases });

// The stored response holds the reason an agent typed: erased with the case's customer.
export const handler = idempotentHttpHandler(route.escalateCase, async ({ params, body, principal, correlationId }) => {
  const escalation = await escalateCase(dependencies(), principal, params.caseId, body, correlationId);
  return { status: 202, body: escalation, customerIds: [escalation.customerId] };
});
