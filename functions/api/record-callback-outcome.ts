import { httpHandler } from '../commons/http/http-handler';
import { recordCallbackOutcome } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('POST /callbacks/{callbackId}/outcome', async ({ params, body, principal, correlationId }) => ({
  status: 200,
  body: await recordCallbackOutcome(defaultDependencies(), principal, params.callbackId, body.outcome, body.note, correlationId),
}));
