import { httpHandler } from '../commons/http/http-handler';
import { kpiReport } from '../use-cases/kpis';
import { kpiDependencies } from '../wiring/kpis';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getKpis, async ({ query }) => ({
  status: 200,
  body: await kpiReport(kpiDependencies(), query),
}));
