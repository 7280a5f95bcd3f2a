import { randomBytes } from 'node:crypto';
import { loadClientConfig } from '../../lib/config/load-client-configs';
import { clientFile } from '../../local/paths';
import { startLocalRuntime } from '../../local/runtime';

/**
 * A local runtime in a process of its own (tests/e2e/queue-workers.test.ts kills it without
 * stopping it): on the DynamoDB Local and SQS emulator given as arguments, it prints its queue
 * workers' process id on one line and runs until killed.
 */
const [dynamodbEndpoint, sqsEndpoint] = process.argv.slice(2);
const runtime = await startLocalRuntime({
  config: loadClientConfig(clientFile('demo')),
  port: 0,
  dynamodbEndpoint,
  sqsEndpoint,
  namePrefix: `orphan-${randomBytes(4).toString('hex')}`,
  schedules: false,
});
console.log(JSON.stringify({ workerProcessId: runtime.workerProcessId }));
setInterval(() => undefined, 60_000);
