import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { mergeCustomers } from '../use-cases/customers';
import { dependenciesWith } from '../wiring/dependencies';
import { customers } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers });

// The stored response is the merged profile, with every identity: erased with it (the source is one of its merged profiles).
export const handler = idempotentHttpHandler(route.mergeCustomers, async ({ params, body, principal, correlationId }) => {
  const merged = await mergeCustomers(dependencies(), principal, params.customerId, body.sourceCustomerId, correlationId);
  return { status: 200, body: merged, customerIds: [merged.customerId] };
});
