import { httpHandler } from '../commons/http/http-handler';
import { getTimeline } from '../use-cases/customers';
import { dependenciesWith } from '../wiring/dependencies';
import { customers, interactions } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, interactions });

export const handler = httpHandler(route.getTimeline, async ({ params, query, principal }) => ({
  status: 200,
  body: await getTimeline(dependencies(), principal, params.customerId, query),
}));
