import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { type WebhookTargetName, webhookTargets } from '../functions/domain/webhooks';
import type { ClientConfig } from '../lib/config/client-config';
import { corsSettings } from '../lib/definition/cors';
import { functionEnvironment, type ResourceNames } from '../lib/definition/environment';
import { type FunctionDefinition, type FunctionName, functions } from '../functions/definition/functions';
import { type RouteDefinition, routes } from '../functions/definition/routes';
import type { WorkQueue } from '../functions/definition/queues';
import { archive, rules } from '../functions/definition/rules';
import { type TableName, tables } from '../functions/definition/table';
import { type Role, staffRoles } from '../functions/domain/roles';
import { localAwsClientConfig } from './aws';
import { DataAccessLog, type RecordedDataRequest } from './data-access';
import { type AccessRefusal, LocalIam } from './iam/enforce';
import { stackPolicies } from './iam/stack-policies';
import type { PageConfig } from '../web/src/auth/page-config';
import { type DevKeys, issueDevToken, loadDevKeys, localAudience, localIssuer, type TokenRequest } from './dev-tokens';
import { createTables, startDynamoDbLocal } from './dynamodb';
import { type BusEvent, startLocalEventBus } from './event-bus/local-event-bus';
import { type HttpLambdaHandler, startLocalGateway } from './gateway';
import { lambdaContext } from './lambda-context';
import { loadHandlers } from './handlers';
import { startQueueWorkersProcess } from './queue-workers';
import { createQueues, createStreamFailureQueue, type LocalQueue } from './queues';
import { type StreamTrigger, startStreamTrigger } from './stream-trigger';
import { consoleEndpoints } from './console-endpoints';
import { ttlSweeper } from './ttl-sweeper';
import { deliveriesPath, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

/**
 * The whole backend on one machine, built from the same declaration as the CDK stack:
 * DynamoDB Local with the declared tables, the SQS emulator, the local bus applying the declared
 * rules, every function's handler driven by its trigger (routes through the local gateway, the
 * table stream through the stream trigger, schedules on timers, in this process; queues through
 * the queue trigger, in a process of the workers' own: local/queue-workers.ts), and a webhook
 * receiver standing in for the client's platforms.
 */
export interface LocalRuntimeOptions {
  config: ClientConfig;
  /** Gateway port; 0 picks a free one. */
  port: number;
  /** Where DynamoDB Local keeps its data, the stream checkpoints and the event log; undefined = in memory. */
  dataDir?: string;
  /** The dev JWT signing key (shared with `npm run token`); undefined = a fresh in-memory key. */
  devKeysFile?: string;
  /** Reuse a running DynamoDB Local / SQS emulator (the test suite starts one for all files). */
  dynamodbEndpoint?: string;
  sqsEndpoint?: string;
  /** Prefix of resource names, so several runtimes can share one DynamoDB Local. */
  namePrefix?: string;
  throttling?: boolean;
  /** First webhook retry delay (doubles each attempt); tests shorten it. */
  webhookRetryBaseSeconds?: number;
  /** Run scheduled functions on their timers (default true); tests run them on demand with runSchedule. */
  schedules?: boolean;
  /**
   * Replaces the declared access of these functions, in the roles the runtime enforces and in the
   * environment (tests only: a handler whose role lacks a grant its code needs must be refused).
   */
  access?: Partial<Record<FunctionName, FunctionDefinition['access']>>;
  log?: (line: string) => void;
  /** The front ends' built folder (web/dist), served under /ui/. */
  uiDir?: string;
  /**
   * The queue workers' process's `nice` increment (default 0): above 0, it yields the cores to the
   * API's process, as workers on machines of their own would not take them (the spike bench).
   */
  workerNice?: number;
}

export interface LocalRuntime {
  url: string;
  names: ResourceNames;
  endpoints: { dynamodb: string; sqs: string; eventBus: string };
  token(role: Role, customerId?: string, options?: Pick<TokenRequest, 'expiresIn' | 'audience' | 'claims' | 'subject'>): Promise<string>;
  /** Every event the bus accepted, in order (the archive). */
  events(): BusEvent[];
  /** Resolves when every write so far has been relayed to the bus. */
  relayIdle(): Promise<void>;
  /** Resolves when the relay and every queue worker are idle: everything caused so far is done. */
  settled(): Promise<void>;
  queues: Record<WorkQueue, LocalQueue>;
  /** The most invocations each queue's worker ran at once (bounded by the configured maximum). */
  workerPeakConcurrency(): Record<WorkQueue, number>;
  /**
   * Deletes the items expired at `at` (default: now), as DynamoDB TTL does (local/ttl-sweeper.ts):
   * every minute with the schedules, on demand in tests. Resolves to how many it deleted.
   */
  sweepExpired(at?: Date): Promise<number>;
  /** The invocations each queue's worker is running now. */
  workerConcurrency(): Record<WorkQueue, number>;
  /**
   * Holds (true) or resumes (false) every queue worker, as disabling their event source mappings
   * does (benchmarks: the API measured with no worker draining); resolves when none polls any more.
   */
  holdWorkers(held: boolean): Promise<void>;
  /** The queue workers' process (local/queue-workers.ts): benchmarks read its CPU. */
  workerProcessId: number;
  /** Runs a scheduled function now, as its schedule would at `at` (default: now). */
  runSchedule(name: FunctionName, at?: Date): Promise<unknown>;
  /** The local stand-in for the client's platforms: every webhook delivery lands here, verified. */
  webhooks: WebhookReceiver;
  /** The signing secret of each target (generated at start, one per target as on AWS). */
  webhookSecrets: Readonly<Record<WebhookTargetName, string>>;
  /**
   * Every distinct DynamoDB request the functions made so far, per function, as IAM authorises
   * it (a transaction item by item); `table` is the declared table name (`data`, `idempotency`).
   */
  dataRequests(): RecordedDataRequest[];
  /** Every SDK call a function made that its role (as synthesized from the stack) refused, in order. */
  accessRefusals(): readonly AccessRefusal[];
  stop(): Promise<void>;
}

/**
 * Handler modules load once per process and keep the SDK clients and table names of the first
 * runtime: a second runtime in the same process must reuse the same endpoints and names.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { config } = options;
  const log = options.log ?? (() => undefined);
  const prefix = options.namePrefix ?? `support-${config.clientId}`;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error('stop failed', error));
  };

  try {
    const dataAccess = new DataAccessLog();
    // Refused calls of every function, in the order they came (the workers' from their process).
    const refusals: AccessRefusal[] = [];
    const refused = (refusal: AccessRefusal) => {
      refusals.push(refusal);
      log(`iam              refused ${refusal.message}`);
    };
    // The queue workers' process (local/queue-workers.ts), with the SQS emulator unless one was given.
    const starting = startQueueWorkersProcess({
      sqsEmulator: !options.sqsEndpoint,
      nice: options.workerNice ?? 0,
      onDataRequest: (request) => dataAccess.record(request),
      onRefusal: refused,
    });
    stops.push(async () => (await starting.catch(() => undefined))?.stop());
    const [dynamodb, workers] = await Promise.all([
      options.dynamodbEndpoint
        ? { endpoint: options.dynamodbEndpoint, stop: async () => undefined }
        : startDynamoDbLocal({ dataDir: options.dataDir && join(options.dataDir, 'dynamodb') }),
      starting,
    ]);
    stops.push(dynamodb.stop);
    const sqs = { endpoint: options.sqsEndpoint ?? workers.sqsEndpoint! };
    // Every declared table (functions/definition/table.ts), named `<prefix>-<table>`.
    const tableNames = Object.fromEntries(Object.keys(tables).map((table) => [table, `${prefix}-${table}`])) as Record<TableName, string>;
    const tablesClient = new DynamoDBClient(localAwsClientConfig(dynamodb.endpoint));
    await createTables(tablesClient, tableNames);
    // DynamoDB TTL, which DynamoDB Local does not apply.
    const sweeper = ttlSweeper(tablesClient, tableNames, log);
    const sqsClient = new SQSClient(localAwsClientConfig(sqs.endpoint));
    const queues = await createQueues(sqsClient, config, prefix);
    const streamFailures = await createStreamFailureQueue(sqsClient, prefix);
    // One secret per target, as on AWS: the receiver checks each target with its own.
    const webhookSecrets = Object.fromEntries(webhookTargets.map((target) => [target, randomBytes(24).toString('hex')])) as Record<WebhookTargetName, string>;
    const webhooks = await startWebhookReceiver({ secrets: webhookSecrets, log });
    stops.push(webhooks.stop);
    const names: ResourceNames = {
      dataTable: tableNames.data,
      idempotencyTable: tableNames.idempotency,
      eventBus: prefix,
      queueUrls: Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, queue.url])) as Record<WorkQueue, string>,
      webhookSecrets: Object.fromEntries(webhookTargets.map((target) => [target, { value: webhookSecrets[target] }])),
      streamFailureQueueUrl: streamFailures.url,
      // A dev value, the same at every start, so that a data directory's erasure records are found again (on AWS: a secret of the stack).
      erasureKey: { value: localErasureKey },
      webhookUrls: Object.fromEntries(webhookTargets.map((target) => [target, `${webhooks.url}/${target}`])),
    };
    log(`DynamoDB Local   ${dynamodb.endpoint}  tables ${Object.values(tableNames).join(', ')}`);
    log(`SQS emulator     ${sqs.endpoint}${options.sqsEndpoint ? '' : ` (in the queue workers' process, pid ${workers.pid})`}`);
    log(`Webhook receiver ${webhooks.url}/<target>  (deliveries so far: GET ${webhooks.url}${deliveriesPath})`);
    for (const target of webhookTargets) log(`                 ${target} signing secret ${webhookSecrets[target]}`);

    const eventLog = options.dataDir ? join(options.dataDir, 'events.log') : undefined;
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const bus = await startLocalEventBus({
      busName: names.eventBus,
      port: 0,
      rules,
      archive: { pattern: archive.pattern, ...(options.dataDir ? { file: join(options.dataDir, 'archive.jsonl') } : {}) },
      deliver: async (target, event) => {
        // EventBridge's SQS target sends the whole event as the message body.
        if (target.kind === 'queue') await sqsClient.send(new SendMessageCommand({ QueueUrl: queues[target.queue].url, MessageBody: JSON.stringify(event) }));
        if (target.kind === 'eventLog') {
          log(
            `event            ${event['detail-type']}  ${event.source}  ${String((event.detail as { metadata?: { eventId?: string } }).metadata?.eventId ?? '')}`,
          );
          if (eventLog) appendFileSync(eventLog, `${JSON.stringify(event)}\n`);
        }
      },
    });
    stops.push(bus.stop);
    log(`Event bus        ${bus.endpoint}  (${names.eventBus}, rules: ${Object.keys(rules).join(', ')})`);

    // The declaration, with the access a test replaced: what the roles and the environment are built from.
    const declared = Object.fromEntries(
      (Object.entries(functions) as [FunctionName, FunctionDefinition][]).map(([name, fn]) => [
        name,
        options.access?.[name] ? { ...fn, access: options.access[name] } : fn,
      ]),
    ) as Record<FunctionName, FunctionDefinition>;
    setLambdaEnvironment(config, declared, names, { dynamodb: dynamodb.endpoint, sqs: sqs.endpoint, eventBus: bus.endpoint });
    if (options.webhookRetryBaseSeconds) process.env.WEBHOOK_RETRY_BASE_SECONDS = String(options.webhookRetryBaseSeconds);
    // Each function's role as the stack synthesizes it, enforced on every SDK call its handler makes (local/iam/).
    const policies = await stackPolicies(config, declared);
    const resources = { tables: tableNames, queues, streamFailures, eventBus: names.eventBus, secretPrefix: `${prefix}-webhook-signing` };
    const iam = new LocalIam(policies, resources, (name) => lambdaContext(name, declared[name]).functionName, prefix, refused);
    log(`IAM              each function's role, as the stack synthesizes it, checked on every SDK call (refusals: "iam refused")`);

    // Every declared queue worker (a function with trigger kind `queue`), on its queue, in the
    // workers' own process, started while this one loads its handlers.
    const queueWorkers = (Object.entries(declared) as [FunctionName, FunctionDefinition][]).flatMap(([name, fn]) =>
      fn.trigger?.kind === 'queue' ? [{ name, queue: fn.trigger.queue }] : [],
    );
    const workersStarting = workers.start({
      workers: queueWorkers.map(({ name, queue }) => ({
        function: name,
        queue,
        queueUrl: queues[queue].url,
        queueArn: queues[queue].arn,
        batchSize: queues[queue].settings.batchSize,
        maxConcurrency: queues[queue].settings.maxConcurrency,
      })),
      sqsEndpoint: sqs.endpoint,
      policies,
      resources,
      prefix,
      env: { ...process.env },
    });
    // Awaited below; a failure before that is the start's failure, not an unhandled one.
    workersStarting.catch(() => undefined);
    const handlers = await loadHandlers(
      dataAccess,
      iam,
      (Object.keys(declared) as FunctionName[]).filter((name) => declared[name].trigger?.kind !== 'queue'),
    );

    // Every declared stream trigger (a function with trigger kind `tableStream`), on its table's stream.
    const streamTriggers: StreamTrigger[] = [];
    for (const [name, fn] of Object.entries(declared) as [FunctionName, FunctionDefinition][]) {
      if (fn.trigger?.kind !== 'tableStream') continue;
      const { trigger } = fn;
      const streamTrigger = await startStreamTrigger({
        endpoint: dynamodb.endpoint,
        tableName: tableNames[trigger.table],
        trigger,
        handler: (event) => (handlers.get(name) as StreamHandler)(event, lambdaContext(name, fn)),
        // The mapping's on-failure destination, as on AWS: the stream failure queue.
        onFailure: async (record) => void (await sqsClient.send(new SendMessageCommand({ QueueUrl: streamFailures.url, MessageBody: JSON.stringify(record) }))),
        functionArn: lambdaContext(name, fn).invokedFunctionArn,
        serviceDeletion: (keys) => sweeper.serviceDeletion(tableNames[trigger.table], keys as never),
        // The relay keeps the file name it always had, so that a data directory's checkpoints carry over.
        ...(options.dataDir
          ? { checkpointFile: join(options.dataDir, name === 'outboxRelay' ? 'stream-checkpoints.json' : `stream-checkpoints-${name}.json`) }
          : {}),
      });
      stops.push(streamTrigger.stop);
      streamTriggers.push(streamTrigger);
    }
    const streamsIdle = async () => void (await Promise.all(streamTriggers.map((streamTrigger) => streamTrigger.idle())));

    await workersStarting;
    // Stops run in reverse: the workers halt before the stream triggers, the bus and the webhook
    // receiver stop, so that no batch runs against a stopped part; their process (and the
    // emulator in it) ends last.
    stops.push(() => workers.halt());
    log(
      `Queue workers    ${queueWorkers.length} queues, in a process of their own (pid ${workers.pid}${options.workerNice ? `, nice ${options.workerNice}` : ''})`,
    );

    // Scheduled functions: a timer per schedule, like the rule that invokes them on AWS.
    const runSchedule = async (name: FunctionName, at = new Date()) => {
      const fn = declared[name];
      if (fn.trigger?.kind !== 'schedule') throw new Error(`${name} has no schedule`);
      const event = scheduledEvent(config, name, at);
      return (handlers.get(name) as ScheduledHandler)(event, lambdaContext(name, fn));
    };
    if (options.schedules !== false) {
      const timers = (Object.entries(declared) as [FunctionName, FunctionDefinition][]).flatMap(([name, fn]) =>
        fn.trigger?.kind === 'schedule'
          ? [
              setInterval(
                () => void runSchedule(name).catch((error: unknown) => log(`schedule         ${name} failed: ${String(error)}`)),
                fn.trigger.rateMinutes * 60_000,
              ).unref(),
            ]
          : [],
      );
      // TTL deletions, a minute apart: an item goes at most a minute or so after it expires.
      const sweeps = setInterval(() => void sweeper.sweep().catch((error: unknown) => log(`ttl              sweep failed: ${String(error)}`)), 60_000).unref();
      stops.push(async () => {
        timers.forEach(clearInterval);
        clearInterval(sweeps);
      });
    }

    const keys: DevKeys = await loadDevKeys(options.devKeysFile);
    const gateway = await startLocalGateway({
      port: options.port,
      routes,
      handlerFor: (route: RouteDefinition) => handlers.get(route.function as FunctionName) as HttpLambdaHandler,
      // The JWT authorizer trusts the local IdP as the stack's trusts the client's (issuer, audience, JWKS).
      authorizer: { jwks: keys.jwks, issuer: localIssuer, audience: [localAudience] },
      cors: corsSettings(config),
      throttling: options.throttling === false ? false : config.throttling,
      onRequest: ({ method, path, status, ms }) => log(`http             ${method} ${path} → ${status} (${ms} ms)`),
      ...(options.uiDir
        ? {
            staticFiles: {
              prefix: '/ui/',
              dir: options.uiDir,
              // What the stack deploys as config.json, for the local runtime: the API where the
              // page was served from, and the dev-token sign-in.
              generated: { 'config.json': ({ origin }): PageConfig => ({ apiUrl: origin, auth: { kind: 'dev-tokens' } }) },
            },
            // The screens' local sign-in: a dev token per staff role (on AWS, the client's IdP).
            localEndpoints: {
              'GET /_local/dev-tokens': async () =>
                Object.fromEntries(await Promise.all(staffRoles.map(async (role) => [role, await issueDevToken(keys, config, { role })]))),
              // The local console's view of the bus, the queues and the webhook receiver.
              ...consoleEndpoints({ sqs: sqsClient, queues, events: () => bus.events(), webhooks: () => webhooks.deliveries() }),
            },
          }
        : {}),
    });
    stops.push(gateway.stop);

    return {
      url: gateway.url,
      names,
      endpoints: { dynamodb: dynamodb.endpoint, sqs: sqs.endpoint, eventBus: bus.endpoint },
      token: (role, customerId, tokenOptions) => issueDevToken(keys, config, { role, ...(customerId ? { customerId } : {}), ...tokenOptions }),
      events: () => bus.events(),
      relayIdle: streamsIdle,
      settled: async () => {
        // Writes → events → queues → workers → their writes → events: until nothing moves.
        for (let round = 0; round < 5; round++) {
          await streamsIdle();
          await workers.idle();
        }
        await streamsIdle();
      },
      queues,
      workerPeakConcurrency: () => Object.fromEntries(queueWorkers.map(({ queue }) => [queue, workers.peakConcurrency(queue)])) as Record<WorkQueue, number>,
      workerConcurrency: () => Object.fromEntries(queueWorkers.map(({ queue }) => [queue, workers.concurrency(queue)])) as Record<WorkQueue, number>,
      workerProcessId: workers.pid,
      holdWorkers: (held) => workers.hold(held),
      runSchedule,
      sweepExpired: (at) => sweeper.sweep(at),
      webhooks,
      webhookSecrets,
      dataRequests: () => {
        const declaredTables: Record<string, string> = Object.fromEntries(Object.entries(tableNames).map(([table, name]) => [name, table]));
        return dataAccess.recorded().map((request) => ({ ...request, table: declaredTables[request.table] ?? request.table }));
      },
      accessRefusals: () => [...refusals],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The erasure records' HMAC key in the local runtime: a dev value, not a secret. */
export const localErasureKey = 'local-dev-erasure-key';

type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;
type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

/** What EventBridge sends a scheduled target. */
function scheduledEvent(config: ClientConfig, name: string, at: Date): ScheduledEvent {
  return {
    version: '0',
    id: randomBytes(16).toString('hex'),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'eu-west-3',
    resources: [`arn:aws:events:eu-west-3:000000000000:rule/support-${config.clientId}-${name}`],
    detail: {},
  };
}

/**
 * The functions run in this process, and the queue workers in one started with its environment,
 * so they share one environment: the union of what the stack gives each (the values agree, since
 * they come from the same config and names), plus the endpoints of the local parts, which the AWS SDK reads from AWS_ENDPOINT_URL_<SERVICE>.
 */
function setLambdaEnvironment(
  config: ClientConfig,
  declared: Record<FunctionName, FunctionDefinition>,
  names: ResourceNames,
  endpoints: { dynamodb: string; sqs: string; eventBus: string },
): void {
  for (const fn of Object.values(declared)) Object.assign(process.env, functionEnvironment(config, fn, names));
  Object.assign(process.env, {
    ...localAwsEnvironment(),
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventBus,
    // Powertools dev mode: readable logs, no metrics output.
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // An incident declared a second ago applies to the next contact (Lambda instances cache 30 s).
    ACTIVE_INCIDENTS_CACHE_SECONDS: '0',
    // An article published a moment ago is searchable as soon as its index is rebuilt.
    SEARCH_INDEX_CHECK_SECONDS: '0',
    // DynamoDB Local on a busy machine can take a second for a write that takes milliseconds on
    // AWS: a counter timing out there would serve a request uncounted and make limits flaky.
    RATE_LIMIT_TIMEOUT_MS: '10000',
  });
}

function localAwsEnvironment(): Record<string, string> {
  const { region, credentials } = localAwsClientConfig('http://unused');
  return { AWS_REGION: region, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
}
