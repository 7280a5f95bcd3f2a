import { httpHandler } from '../commons/http/http-handler';
import { getFlow } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('GET /flows/{flowId}', async ({ params }) => ({ status: 200, body: await getFlow(defaultDependencies(), params.flowId) }));
