import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger, metrics, tracer } from '../commons/powertools';
import { releaseDueCallbacks } from '../use-cases/callbacks';
import { defaultDependencies } from '../wiring/dependencies';
import { enqueueNotifications } from '../adapters/sqs/notification-queue';

/**
 * Every minute: what waited for a time is released. Callbacks whose window opened or whose retry
 * is due become due (`CallbackDue`); notifications held back by quiet hours go to the
 * notification queue. "Now" is the schedule's time (see sla-monitor.ts).
 */
export const handler = middy<ScheduledEvent, { callbacks: number; notifications: number }>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .handler(async (event) => {
    const deps = defaultDependencies();
    const now = new Date(event.time);
    const callbacks = await releaseDueCallbacks(deps, now, event.id);
    let notifications = 0;
    for await (const ids of deps.notifications.deferredDue(now)) {
      for (let i = 0; i < ids.length; i += 25) await enqueueNotifications([{ kind: 'deferred', notificationIds: ids.slice(i, i + 25) }]);
      notifications += ids.length;
    }
    metrics.addMetric('CallbacksReleased', MetricUnit.Count, callbacks);
    metrics.addMetric('DeferredNotificationsReleased', MetricUnit.Count, notifications);
    return { callbacks, notifications };
  });
