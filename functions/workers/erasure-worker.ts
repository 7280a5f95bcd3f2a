import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../adapters/sqs/client';
import { metrics } from '../commons/powertools';
import { required } from '../commons/settings';
import { parseBusEvent } from '../commons/worker/messages';
import { sqsWorker } from '../commons/worker/sqs-worker';
import { queueDefinitions } from '../definition/queues';
import { recordErasureFailure, runErasure } from '../use-cases/privacy';
import { privacyDependencies } from '../wiring/privacy';
import { ErasureRequested } from '../domain/privacy-events';

/** Time kept out of the function's 300 s for the last page, the save and the message of what is left. */
const marginMs = 60_000;
// The function's timeout as functions/definition/functions.ts declares it (erasureWorker.timeoutSeconds: 300).
const timeoutMs = 300_000;
const { maxReceiveCount } = queueDefinitions.erasures.settings();

/**
 * The erasure queue's worker: each message is an `ErasureRequested` event; the erasure runs page
 * by page, saving its progress (functions/use-cases/privacy.ts). When the time runs short, the
 * same message goes on the queue again, and the next invocation resumes from the record; a failure
 * is retried by SQS (resuming the same way), and marks the request `failed` at the last attempt,
 * before the dead-letter queue (runbook: "A failed erasure").
 */
export const handler = sqsWorker({
  dependencies: privacyDependencies,
  handle: async (record, deps, about) => {
    const { data, metadata } = parseBusEvent(record, [ErasureRequested]);
    about.requestId = data.requestId;
    const attempts = Number(record.attributes.ApproximateReceiveCount);
    try {
      const outcome = await runErasure(deps, data.requestId, metadata.correlationId, Date.now() + timeoutMs - marginMs);
      if (outcome === 'more') {
        await sqsClient.send(new SendMessageCommand({ QueueUrl: required('QUEUE_URLS').erasures, MessageBody: record.body }));
        metrics.addMetric('ErasuresContinued', MetricUnit.Count, 1);
      } else metrics.addMetric('ErasuresDone', MetricUnit.Count, 1);
    } catch (error) {
      await recordErasureFailure(deps, data.requestId, (error as Error).name, attempts, attempts >= maxReceiveCount).catch(() => undefined);
      throw error;
    }
  },
});
