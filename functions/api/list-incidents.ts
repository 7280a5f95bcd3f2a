import { httpHandler } from '../commons/http/http-handler';
import { defaultDependencies } from '../wiring/dependencies';
import { listActiveIncidents } from '../use-cases/incidents';
import * as route from '../definition/routes';

export const handler = httpHandler(route.listIncidents, async ({ query, principal }) => ({
  status: 200,
  body: await listActiveIncidents(defaultDependencies(), principal, query),
}));
