import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { enqueueNotifications } from '../adapters/sqs/notification-queue';
import { metrics } from '../commons/powertools';
import { scheduledJob } from '../commons/worker/scheduled-job';
import { releaseDueCallbacks } from '../use-cases/callbacks';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks, notifications } from '../wiring/stores';

const dependencies = dependenciesWith({ notifications, callbacks });

/**
 * Every minute: what waited for a time is released. Callbacks whose window opened or whose retry
 * is due become due (`CallbackDue`); notifications held back by quiet hours go to the
 * notification queue. "Now" is the schedule's time (see ScheduledRun).
 */
export const handler = scheduledJob({
  dependencies,
  run: async ({ now, id }, deps) => {
    const callbacks = await releaseDueCallbacks(deps, now, id);
    let notifications = 0;
    for await (const ids of deps.notifications.deferredDue(now)) {
      for (let i = 0; i < ids.length; i += 25) await enqueueNotifications([{ kind: 'deferred', notificationIds: ids.slice(i, i + 25) }]);
      notifications += ids.length;
    }
    metrics.addMetric('CallbacksReleased', MetricUnit.Count, callbacks);
    metrics.addMetric('DeferredNotificationsReleased', MetricUnit.Count, notifications);
    return { callbacks, notifications };
  },
});
