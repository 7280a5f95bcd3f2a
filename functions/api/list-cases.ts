import { httpHandler } from '../commons/http/http-handler';
import { listCases } from '../use-cases/cases';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.listCases, async ({ query, principal }) => ({
  status: 200,
  body: await listCases(defaultDependencies(), principal, query),
}));
