import { httpHandler } from '../commons/http/http-handler';
import { settings } from '../commons/settings';

export const handler = httpHandler('GET /health', async () => ({
  status: 200,
  body: { status: 'ok' as const, clientId: settings().CLIENT_ID, time: new Date().toISOString() },
}));
