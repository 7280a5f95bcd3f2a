import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { queueDepth } from '../adapters/sqs/queue-depth';
import { metrics } from '../commons/powertools';
import { parseBusEvent } from '../commons/worker/messages';
import { sqsWorker } from '../commons/worker/sqs-worker';
import { followUpDetractor } from '../use-cases/surveys';
import { SurveyDetractor } from '../domain/survey-events';
import { dependenciesWith } from '../wiring/dependencies';
import { callbacks, cases, customers, queueStats } from '../wiring/stores';

const dependencies = dependenciesWith({ customers, cases, callbacks, queueStats });

/**
 * The survey follow-up queue's worker: each message is a `SurveyDetractor` event; the client's
 * loop action runs (a callback offered to the customer, or the case reopened). The supervisors'
 * webhook hears of the same event through the webhook queue.
 */
export const handler = sqsWorker({
  dependencies: () => ({ ...dependencies(), callbackQueueDepth: () => queueDepth('callbacks') }),
  handle: async (record, deps, about) => {
    const { data, metadata } = parseBusEvent(record, [SurveyDetractor]);
    about.surveyId = data.surveyId;
    const outcome = await followUpDetractor(deps, data, metadata.correlationId);
    metrics.addMetric(`SurveyFollowUp_${outcome}`, MetricUnit.Count, 1);
  },
});
