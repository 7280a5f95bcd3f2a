import { httpHandler } from '../commons/http/http-handler';
import { settings } from '../commons/settings';
import * as route from '../definition/routes';

export const handler = httpHandler(route.health, async () => ({
  status: 200,
  body: { status: 'ok' as const, clientId: settings().CLIENT_ID, time: new Date().toISOString() },
}));
