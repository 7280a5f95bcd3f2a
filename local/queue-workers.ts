import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionName } from '../functions/definition/functions';
import type { WorkQueue } from '../functions/definition/queues';
import type { RecordedDataRequest } from './data-access';
import type { AccessRefusal, LocalResourceNames } from './iam/enforce';
import type { StackPolicies } from './iam/stack-policies';

/**
 * The queue workers run in a process of their own, as each worker invocation runs on a Lambda
 * instance of its own on AWS: their CPU, garbage collection and event-loop time are not the API's,
 * so a backlog being drained does not show in the API's latency (docs/capacity.md, "The spike on
 * one machine"). That process runs the queue triggers (local/queue-trigger.ts, which enforces each
 * queue's maxConcurrency) and the worker functions' handlers, with their roles enforced and their
 * DynamoDB requests recorded as in the runtime's process; it reports to the runtime over IPC.
 * Unless the runtime was given one, it also runs the SQS emulator, which stands for a service on
 * machines of its own too (the workers' polls and deletes are most of its work). It stops with
 * the runtime, and by itself when the runtime's process goes away (its IPC channel closes), so it
 * never outlives it.
 *
 * Started in two steps: the process (and the emulator) first, since the queues are created in it;
 * the workers once the queues and the functions' environment exist.
 */
export interface QueueWorkerSpec {
  function: FunctionName;
  queue: WorkQueue;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  maxConcurrency: number;
}

export interface QueueWorkersProcessOptions {
  /** Runs the SQS emulator there too. */
  sqsEmulator: boolean;
  /** The process's `nice` increment: 0 = the runtime's priority; higher yields the cores to the API. */
  nice: number;
  onDataRequest(request: RecordedDataRequest): void;
  onRefusal(refusal: AccessRefusal): void;
}

export interface QueueWorkersOptions {
  workers: readonly QueueWorkerSpec[];
  sqsEndpoint: string;
  /** The roles to enforce (with a test's replaced access) and what the stack's logical ids are locally. */
  policies: StackPolicies;
  resources: LocalResourceNames;
  prefix: string;
  /** The functions' environment, which the handlers there read as they load. */
  env: Record<string, string | undefined>;
}

export interface QueueWorkers {
  pid: number;
  /** The SQS emulator's endpoint, when it runs there. */
  sqsEndpoint: string | undefined;
  /** Starts the workers (resolves when their handlers are loaded and their triggers poll). */
  start(options: QueueWorkersOptions): Promise<void>;
  /** The invocations each queue's worker runs now, and the most it ran at once. */
  concurrency(queue: WorkQueue): number;
  peakConcurrency(queue: WorkQueue): number;
  /** Holds (true) or resumes (false) every worker's polling, as disabling the event source mappings does; resolves when none polls. */
  hold(held: boolean): Promise<void>;
  /** Resolves when every queue is empty and no batch runs (what the workers recorded has arrived by then). */
  idle(): Promise<void>;
  /** Stops the workers (the batches running finish); the emulator runs on. */
  halt(): Promise<void>;
  /** Stops the workers and the process, the emulator with it. */
  stop(): Promise<void>;
}

/** What the runtime tells the workers' process. */
export type ToWorkers =
  | { type: 'start'; options: QueueWorkersOptions }
  | { type: 'hold'; held: boolean; id: number }
  | { type: 'idle'; id: number }
  | { type: 'halt'; id: number }
  | { type: 'stop' };

/** What the workers' process tells the runtime. IPC keeps the order: a record sent before an idle answer arrives before it. */
export type FromWorkers =
  | { type: 'ready'; sqsEndpoint: string | undefined }
  | { type: 'started' }
  | { type: 'failed'; message: string }
  | { type: 'concurrency'; queue: WorkQueue; running: number; peak: number }
  | { type: 'dataRequest'; request: RecordedDataRequest }
  | { type: 'refusal'; refusal: AccessRefusal }
  | { type: 'idle'; id: number }
  | { type: 'held'; id: number }
  | { type: 'halted'; id: number };

export async function startQueueWorkersProcess(options: QueueWorkersProcessOptions): Promise<QueueWorkers> {
  // The process runs the TypeScript sources as `npm start` does, through tsx's loader.
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const node = [
    process.execPath,
    '--import',
    loader,
    join(import.meta.dirname, 'queue-workers-process.ts'),
    ...(options.sqsEmulator ? ['--sqs-emulator'] : []),
  ];
  // `nice` starts the whole process (every thread, tsx's esbuild) at the lower priority.
  const [command, ...args] = options.nice > 0 ? ['nice', '-n', String(options.nice), ...node] : node;
  const child: ChildProcess = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: process.env });
  // Its output goes through this process's streams: whoever reads the runtime's logs (a test
  // searching them for personal data) reads the workers' too.
  child.stdout!.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));

  const running = new Map<WorkQueue, { running: number; peak: number }>();
  // Answers awaited (idle, halted, started), by request id; `started` and `ready` have their own.
  const waiters = new Map<number | 'started', { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let exited: string | undefined;
  let stopping = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `the queue workers' process exited (${signal ?? `code ${code}`})`;
      // Nothing drains the queues any more: say so where the runtime's output goes.
      if (!stopping) console.error(`local runtime: ${exited}`);
      for (const waiter of waiters.values()) waiter.reject(new Error(exited));
      waiters.clear();
      resolve();
    }),
  );
  const send = (message: ToWorkers) => {
    if (!exited && child.connected) child.send(message);
  };

  const answered = (id: number | 'started') => {
    waiters.get(id)?.resolve();
    waiters.delete(id);
  };
  const ask = (id: number | 'started', message: ToWorkers) =>
    new Promise<void>((resolve, reject) => {
      if (exited) return reject(new Error(exited));
      waiters.set(id, { resolve, reject });
      send(message);
    });
  const ready = new Promise<string | undefined>((resolve, reject) => {
    child.once('error', reject);
    void exit.then(() => reject(new Error(exited)));
    child.on('message', (message: FromWorkers) => {
      switch (message.type) {
        case 'ready':
          return resolve(message.sqsEndpoint);
        case 'started':
          return answered('started');
        case 'failed':
          waiters.get('started')?.reject(new Error(`the queue workers did not start: ${message.message}`));
          return void waiters.delete('started');
        case 'concurrency':
          return void running.set(message.queue, { running: message.running, peak: message.peak });
        case 'dataRequest':
          return options.onDataRequest(message.request);
        case 'refusal':
          return options.onRefusal(message.refusal);
        case 'idle':
        case 'held':
        case 'halted':
          return answered(message.id);
      }
    });
  });

  const stop = async () => {
    if (exited) return;
    stopping = true;
    send({ type: 'stop' });
    // The pollers finish their long poll (a second) and the batches running; a stuck one is killed.
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(killer);
  };
  let sqsEndpoint: string | undefined;
  try {
    sqsEndpoint = await ready;
  } catch (error) {
    stopping = true;
    child.kill('SIGKILL');
    await exit;
    throw error;
  }

  return {
    pid: child.pid!,
    sqsEndpoint,
    start: (workers) => ask('started', { type: 'start', options: workers }),
    concurrency: (queue) => running.get(queue)?.running ?? 0,
    peakConcurrency: (queue) => running.get(queue)?.peak ?? 0,
    hold: (held) => {
      const id = nextId++;
      return ask(id, { type: 'hold', held, id });
    },
    idle: () => {
      const id = nextId++;
      return ask(id, { type: 'idle', id });
    },
    halt: async () => {
      if (exited) return;
      const id = nextId++;
      await ask(id, { type: 'halt', id });
    },
    stop,
  };
}
