import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../commons/powertools';
import { parseBusEvent } from '../commons/worker/messages';
import { sqsWorker } from '../commons/worker/sqs-worker';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, escalations, queueStats } from '../wiring/stores';
import { assignEscalation } from '../use-cases/escalations';
import { EscalationRequested } from '../domain/escalation-events';

const dependencies = dependenciesWith({ cases, escalations, queueStats });

/**
 * An escalation queue's worker. Each message is an `EscalationRequested` event as the bus
 * delivered it. Failed messages are reported one by one (partial batch response): they come
 * back after the visibility timeout and reach the dead-letter queue after maxReceiveCount,
 * without holding up the rest of the batch.
 */
export const handler = sqsWorker({
  dependencies,
  handle: async (record, deps, about) => {
    const { data, metadata } = parseBusEvent(record, [EscalationRequested]);
    about.escalationId = data.escalationId;
    const outcome = await assignEscalation(deps, data.escalationId, metadata.correlationId);
    metrics.addMetric(outcome === 'assigned' ? 'EscalationsAssigned' : 'DuplicateDeliveries', MetricUnit.Count, 1);
  },
});
