import { queueDepth } from '../adapters/sqs/queue-depth';
import { httpHandler } from '../commons/http/http-handler';
import { problems } from '../commons/http/problem';
import { requestCallback } from '../use-cases/callbacks';
import { actingCustomerId } from '../use-cases/access';
import { defaultDependencies } from '../use-cases/dependencies';
import { estimateWait } from '../use-cases/queue-status';

export const handler = httpHandler('POST /callbacks', async ({ body, principal, correlationId }) => {
  const deps = defaultDependencies();
  const customerId = body.customerId ?? actingCustomerId(principal);
  if (!customerId) throw problems.validation([{ field: 'customerId', message: 'is required when staff request a callback' }]);
  const { created, callback } = await requestCallback(deps, principal, { ...body, customerId }, correlationId);
  const estimatedWaitSeconds = callback.asap ? await estimateWait(deps, 'callbacks', await queueDepth('callbacks')) : null;
  return { status: created ? 201 : 200, body: { ...callback, estimatedWaitSeconds } };
});
