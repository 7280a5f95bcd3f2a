import { type EscalationQueue, escalationQueues } from '../../functions/domain/escalations';
import type { WorkQueue } from '../../functions/definition/queues';
import type { ClientConfig } from '../config/client-config';

export interface QueueSettings {
  readonly description: string;
  readonly batchSize: number;
  readonly maxConcurrency: number;
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before a message goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** The oldest message alarm fires above this wait. */
  readonly maxWaitMinutes: number;
}

/** Each queue's settings, from the client config (routing for escalations, webhooks.delivery for webhooks). */
export function queueSettings(config: ClientConfig): Record<WorkQueue, QueueSettings> {
  const escalations = Object.fromEntries(
    escalationQueues.map((queue) => {
      const { team: _team, ...settings } = config.routing.queues[queue];
      return [queue, { description: `Escalations routed to the ${queue} queue (${config.routing.queues[queue].team})`, ...settings }];
    }),
  ) as Record<EscalationQueue, QueueSettings>;
  const { maxAttempts, maxConcurrency } = config.webhooks.delivery;
  return {
    ...escalations,
    webhooks: {
      description: "Signed webhook deliveries to the client's platforms",
      batchSize: 10,
      maxConcurrency,
      // Longer than the worker's timeout: a message is not handed out again while being delivered.
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: maxAttempts,
      maxWaitMinutes: 60,
    },
    notifications: {
      description: 'Notifications to customers: incident audiences page by page, then deliveries in small groups',
      batchSize: 5,
      maxConcurrency: config.notifications.delivery.maxConcurrency,
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: config.notifications.delivery.maxAttempts,
      maxWaitMinutes: 30,
    },
    callbacks: {
      description: 'Callbacks due now, handed to the telephony platform',
      batchSize: 5,
      maxConcurrency: 2,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      // A callback waiting here means telephony has not got it yet: alarm quickly.
      maxWaitMinutes: 5,
    },
  };
}
