import { httpHandler } from '../commons/http/http-handler';
import { getFlow } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.getFlow, async ({ params }) => ({ status: 200, body: await getFlow(defaultDependencies(), params.flowId) }));
