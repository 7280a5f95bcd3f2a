import { httpHandler } from '../commons/http/http-handler';
import { kpiReport } from '../use-cases/kpis';
import { kpiDependencies } from '../wiring/kpis';

export const handler = httpHandler('GET /kpis', async ({ query }) => ({
  status: 200,
  body: await kpiReport(kpiDependencies(), query),
}));
