import { escalationQueues } from '../domain/escalations';

/**
 * The SQS queues of a client stack, declared once: the three escalation queues, webhook
 * deliveries, notifications (incident fan-out and case notices) and due callbacks. The stack creates each with its dead-letter queue and alarms; the local runtime
 * creates them in the SQS emulator; each has one worker function (functions/definition/functions.ts).
 */
export const workQueues = [...escalationQueues, 'webhooks', 'notifications', 'callbacks'] as const;
export type WorkQueue = (typeof workQueues)[number];
