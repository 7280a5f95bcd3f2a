import { httpHandler } from '../commons/http/http-handler';
import { createFlow } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.createFlow, async ({ body }) => ({ status: 201, body: await createFlow(defaultDependencies(), body) }));
