import { httpHandler } from '../commons/http/http-handler';
import { createFlow } from '../use-cases/selfcare';
import { dependenciesWith } from '../wiring/dependencies';
import { selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ selfcare });

export const handler = httpHandler(route.createFlow, async ({ body }) => ({ status: 201, body: await createFlow(dependencies(), body) }));
