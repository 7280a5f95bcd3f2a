import { httpHandler } from '../commons/http/http-handler';
import { kpiReport } from '../use-cases/kpis';
import { dependenciesWith, kpiSettings } from '../wiring/dependencies';
import { incidents, kpis, selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ incidents, selfcare, kpis }, kpiSettings);

export const handler = httpHandler(route.getKpis, async ({ query }) => ({
  status: 200,
  body: await kpiReport(dependencies(), query),
}));
