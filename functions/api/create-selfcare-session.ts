import { httpHandler } from '../commons/http/http-handler';
import { createSession } from '../use-cases/selfcare';
import { dependenciesWith } from '../wiring/dependencies';
import { selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ selfcare });

export const handler = httpHandler(route.createSelfcareSession, async () => ({ status: 201, body: await createSession(dependencies()) }));
