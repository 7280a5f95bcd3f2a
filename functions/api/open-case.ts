import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { openCase } from '../use-cases/cases';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, customers } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases });

// The stored response holds the subject and description: erased with the customer.
export const handler = idempotentHttpHandler(route.openCase, async ({ body, principal, correlationId }) => {
  const opened = await openCase(dependencies(), principal, body, correlationId);
  return { status: 201, body: opened, customerIds: [opened.customerId] };
});
