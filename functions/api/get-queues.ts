import { queueDepth } from '../adapters/sqs/queue-depth';
import { httpHandler } from '../commons/http/http-handler';
import { dependenciesWith } from '../wiring/dependencies';
import { escalations, queueStats } from '../wiring/stores';
import { queueStatuses, queueStatusMaxAgeSeconds } from '../use-cases/queue-status';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ escalations, queueStats });

/** Per instance: a thousand customers opening the self-care page within a minute cost one read. */
let cached: { at: number; body: Awaited<ReturnType<typeof queueStatuses>> } | undefined;

export const handler = httpHandler(route.getQueues, async () => {
  const deps = dependencies();
  const now = deps.now().getTime();
  if (!cached || now - cached.at >= queueStatusMaxAgeSeconds * 1000) cached = { at: now, body: await queueStatuses({ ...deps, depth: queueDepth }) };
  return { status: 200, body: cached.body, headers: { 'cache-control': `private, max-age=${queueStatusMaxAgeSeconds}` } };
});
