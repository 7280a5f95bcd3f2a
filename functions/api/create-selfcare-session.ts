import { httpHandler } from '../commons/http/http-handler';
import { createSession } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('POST /selfcare/sessions', async () => ({ status: 201, body: await createSession(defaultDependencies()) }));
