import { httpHandler } from '../commons/http/http-handler';
import { listSurges } from '../use-cases/kpis';
import { dependenciesWith, kpiSettings } from '../wiring/dependencies';
import { kpis } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ kpis }, kpiSettings);

export const handler = httpHandler(route.listSurges, async ({ query }) => ({
  status: 200,
  body: await listSurges(dependencies(), { limit: query.limit, ...(query.before ? { before: query.before } : {}) }),
}));
