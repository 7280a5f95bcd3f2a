import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { openCase } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

// The stored response holds the subject and description: erased with the customer.
export const handler = idempotentHttpHandler(route.openCase, async ({ body, principal, correlationId }) => {
  const opened = await openCase(defaultDependencies(), principal, body, correlationId);
  return { status: 201, body: opened, customerIds: [opened.customerId] };
});
