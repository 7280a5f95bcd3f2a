import { httpHandler } from '../commons/http/http-handler';
import { createSession } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = httpHandler(route.createSelfcareSession, async () => ({ status: 201, body: await createSession(defaultDependencies()) }));
