import { httpHandler } from '../commons/http/http-handler';
import { listSurges } from '../use-cases/kpis';
import { kpiDependencies } from '../wiring/kpis';
import * as route from '../definition/routes';

export const handler = httpHandler(route.listSurges, async ({ query }) => ({
  status: 200,
  body: await listSurges(kpiDependencies(), { limit: query.limit, ...(query.before ? { before: query.before } : {}) }),
}));
