import { httpHandler } from '../commons/http/http-handler';
import { listCases } from '../use-cases/cases';
import { dependenciesWith } from '../wiring/dependencies';
import { cases } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ cases });

export const handler = httpHandler(route.listCases, async ({ query, principal }) => ({
  status: 200,
  body: await listCases(dependencies(), principal, query),
}));
