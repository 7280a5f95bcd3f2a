import { httpHandler } from '../commons/http/http-handler';
import { getFlow } from '../use-cases/selfcare';
import { dependenciesWith } from '../wiring/dependencies';
import { selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ selfcare });

export const handler = httpHandler(route.getFlow, async ({ params }) => ({ status: 200, body: await getFlow(dependencies(), params.flowId) }));
