import { httpHandler } from '../commons/http/http-handler';
import { createFlow } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('POST /flows', async ({ body }) => ({ status: 201, body: await createFlow(defaultDependencies(), body) }));
