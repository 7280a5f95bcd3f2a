import { httpHandler } from '../commons/http/http-handler';
import { dependenciesWith } from '../wiring/dependencies';
import { customers, incidents } from '../wiring/stores';
import { listActiveIncidents } from '../use-cases/incidents';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, incidents });

export const handler = httpHandler(route.listIncidents, async ({ query, principal }) => ({
  status: 200,
  body: await listActiveIncidents(dependencies(), principal, query),
}));
