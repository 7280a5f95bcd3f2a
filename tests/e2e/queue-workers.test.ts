import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { alwaysOpenHours, apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * The queue workers run in a process of their own (local/queue-workers.ts), as worker invocations
 * run on Lambda instances of their own on AWS: they still drain their queues, can be held as a
 * disabled event source mapping is, and never outlive the runtime, stopped or killed.
 */
const alive = (pid: number) => {
  try {
    // An ended process not yet reaped by its new parent is a zombie: ended all the same.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/** Polls `condition` until it holds or `seconds` pass; resolves to whether it held. */
const eventually = async (condition: () => boolean | Promise<boolean>, seconds: number) => {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; ) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
};

describe('Local runtime: the queue workers in a process of their own', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let stopped = false;

  const escalate = async () => {
    const customer = await api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { email: `qw-${Math.random()}@example.com` } }, agent);
    const supportCase = (await api.post('/cases', { customerId: customer.body.customerId, subject: 'No line' }, agent)).body;
    return (await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 2, reason: 'Line test failed' }, agent)).body.escalationId as string;
  };
  const assignments = (escalationId: string) =>
    runtime
      .events()
      .filter((e) => e['detail-type'] === 'EscalationAssigned.v1' && (e.detail as { data: { escalationId: string } }).data.escalationId === escalationId);

  beforeAll(async () => {
    runtime = await startTestRuntime({ businessHours: alwaysOpenHours });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
  });
  afterAll(() => (stopped ? undefined : runtime?.stop()));

  it('assigns an escalation from a process other than the API', async () => {
    // Act
    const escalationId = await escalate();
    await runtime.settled();

    // Assess
    expect(runtime.workerProcessId).not.toBe(process.pid);
    expect(alive(runtime.workerProcessId)).toBe(true);
    expect(assignments(escalationId)).toHaveLength(1);
    expect(runtime.workerPeakConcurrency().expert).toBeGreaterThanOrEqual(1);
    // What the worker did is recorded as its own, as if it ran here.
    expect(runtime.dataRequests().some((r) => r.function === 'escalationWorkerExpert')).toBe(true);
  });

  it('leaves the messages in the queue while held, and drains them when resumed', async () => {
    // Prepare
    const sqs = new SQSClient(localAwsClientConfig(runtime.endpoints.sqs));
    const depth = async () => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: runtime.queues.expert.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return Number(Attributes.ApproximateNumberOfMessages);
    };
    await runtime.holdWorkers(true);

    // Act
    const escalationId = await escalate();
    await runtime.relayIdle();
    const waited = await eventually(async () => (await depth()) === 1, 10);

    // Assess
    expect(waited).toBe(true);
    expect(assignments(escalationId)).toHaveLength(0);
    await runtime.holdWorkers(false);
    await runtime.settled();
    expect(assignments(escalationId)).toHaveLength(1);
  });

  it("ends the workers' process with a runtime that stops, and with one that is killed", async () => {
    // Prepare: a second runtime, in a process of its own, killed without being stopped.
    const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const other = spawn(
      process.execPath,
      ['--import', loader, join(import.meta.dirname, '../helpers/runtime-process.ts'), inject('dynamodbEndpoint'), inject('sqsEndpoint')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const { workerProcessId: orphan } = await new Promise<{ workerProcessId: number }>((resolve, reject) => {
      let output = '';
      other.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      other.once('exit', (code) => reject(new Error(`the runtime's process exited with ${code}`)));
    });
    expect(alive(orphan)).toBe(true);
    const workers = runtime.workerProcessId;

    // Act
    other.kill('SIGKILL');
    stopped = true;
    await runtime.stop();

    // Assess
    expect(alive(workers)).toBe(false);
    expect(await eventually(() => !alive(orphan), 10)).toBe(true);
  }, 120_000);
});
