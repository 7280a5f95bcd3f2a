import { httpHandler } from '../commons/http/http-handler';
import { getTimeline } from '../use-cases/customers';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getTimeline, async ({ params, query, principal }) => ({
  status: 200,
  body: await getTimeline(defaultDependencies(), principal, params.customerId, query),
}));
