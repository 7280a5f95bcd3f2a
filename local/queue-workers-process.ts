import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, Context } from 'aws-lambda';
import { functions } from '../functions/definition/functions';
import { localAwsClientConfig } from './aws';
import { DataAccessLog } from './data-access';
import { loadHandlers } from './handlers';
import { LocalIam } from './iam/enforce';
import { lambdaContext } from './lambda-context';
import { type QueueTrigger, startQueueTrigger } from './queue-trigger';
import type { FromWorkers, QueueWorkersOptions, ToWorkers } from './queue-workers';
import { startSqsEmulator } from './sqs';

/**
 * The queue workers' process (started by local/queue-workers.ts): the queue triggers and the
 * worker functions' handlers, told what to run by the runtime over IPC.
 */
type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const tell = (message: FromWorkers) => {
  if (process.connected) process.send!(message);
};
// The runtime's process went away (stopped, crashed or killed): nothing to work for.
process.on('disconnect', () => process.exit(0));

let triggers: QueueTrigger[] = [];
// A hold may come while the triggers start.
let held = false;

// The SQS emulator, when the runtime was given none.
const emulator = process.argv.includes('--sqs-emulator') ? await startSqsEmulator() : undefined;

process.on('message', (message: ToWorkers) => {
  switch (message.type) {
    case 'start':
      return void start(message.options).catch((error: unknown) => tell({ type: 'failed', message: String((error as Error)?.stack ?? error) }));
    case 'hold':
      held = message.held;
      return void Promise.all(triggers.map((trigger) => trigger.hold(message.held))).then(() => tell({ type: 'held', id: message.id }));
    case 'idle':
      return void Promise.all(triggers.map((trigger) => trigger.idle())).then(() => tell({ type: 'idle', id: message.id }));
    case 'halt':
      return void halt().then(() => tell({ type: 'halted', id: message.id }));
    case 'stop':
      return void halt()
        .then(() => emulator?.stop())
        .finally(() => process.exit(0));
  }
});
tell({ type: 'ready', sqsEndpoint: emulator?.endpoint });

async function halt(): Promise<void> {
  const stopping = triggers;
  triggers = [];
  await Promise.all(stopping.map((trigger) => trigger.stop()));
}

async function start(options: QueueWorkersOptions): Promise<void> {
  // The functions' environment, before their modules load and read it.
  Object.assign(process.env, options.env);
  const dataAccess = new DataAccessLog((request) => tell({ type: 'dataRequest', request }));
  const iam = new LocalIam(
    options.policies,
    options.resources,
    (name) => lambdaContext(name, functions[name]).functionName,
    options.prefix,
    (refusal) => tell({ type: 'refusal', refusal }),
  );
  const handlers = await loadHandlers(
    dataAccess,
    iam,
    options.workers.map((worker) => worker.function),
  );
  const sqs = new SQSClient(localAwsClientConfig(options.sqsEndpoint));
  triggers = options.workers.map((worker) => {
    let peak = 0;
    return startQueueTrigger({
      sqs,
      queueUrl: worker.queueUrl,
      queueArn: worker.queueArn,
      batchSize: worker.batchSize,
      maxConcurrency: worker.maxConcurrency,
      handler: (event) => (handlers.get(worker.function) as QueueHandler)(event, lambdaContext(worker.function, functions[worker.function])),
      onConcurrency: (running) => {
        peak = Math.max(peak, running);
        tell({ type: 'concurrency', queue: worker.queue, running, peak });
      },
    });
  });
  for (const trigger of triggers) void trigger.hold(held);
  tell({ type: 'started' });
}
