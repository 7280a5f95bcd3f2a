import { httpHandler } from '../commons/http/http-handler';
import { getErasureRequest } from '../use-cases/privacy';
import { privacyDependencies } from '../wiring/privacy';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getErasureRequest, async ({ params, principal }) => ({
  status: 200,
  body: await getErasureRequest(privacyDependencies(), principal, params.requestId),
}));
