import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { recordCallbackOutcome } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = idempotentHttpHandler('POST /callbacks/{callbackId}/outcome', async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await recordCallbackOutcome(defaultDependencies(), principal, params.callbackId, body.outcome, body.note, correlationId),
}));
