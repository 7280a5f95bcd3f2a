import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dependencies } from '../../functions/use-cases/dependencies';
import { stores } from '../../functions/wiring/dependencies';
import { recordInteraction } from '../../functions/use-cases/record-interaction';
import { functionEnvironment } from '../../lib/definition/environment';
import { functions } from '../../functions/definition/functions';
import { type WorkQueue, workQueues } from '../../functions/definition/queues';
import { archive, rules } from '../../functions/definition/rules';
import { localAwsClientConfig } from '../../local/aws';
import { type BusEvent, startLocalEventBus } from '../../local/event-bus/local-event-bus';
import { freePort } from '../../local/dynamodb';
import { lambdaContext } from '../../local/lambda-context';
import { startStreamTrigger } from '../../local/stream-trigger';
import { createStreamFailureQueue } from '../../local/queues';
import { retryMarginMs } from '../../functions/relay/relay';
import { createTestTables, dataClients } from '../helpers/local-aws';
import { demoConfig } from '../helpers/runtime';

/**
 * An accepted write and its event are never separated: with the bus down, writes still succeed,
 * the relay keeps failing and retrying from the first unpublished record, and when the bus is
 * back every event is delivered, once. Real parts only: DynamoDB Local, its stream, the relay
 * handler, the local bus (stopped and restarted on the same port).
 */
/** The relay touches no queue. */
const unusedQueueUrls = Object.fromEntries(workQueues.map((queue) => [queue, ''])) as Record<WorkQueue, string>;

describe('Outbox relay: a bus outage loses nothing', () => {
  let names: { data: string; idempotency: string };
  let deps: Dependencies;
  let busPort: number;
  let busEndpointEnv: string;
  const buses: Awaited<ReturnType<typeof startLocalEventBus>>[] = [];
  let trigger: Awaited<ReturnType<typeof startStreamTrigger>>;
  let failedInvocations = 0;
  let failureQueue: { url: string };

  const startBus = async () => {
    const bus = await startLocalEventBus({
      busName: 'support-outage',
      port: busPort,
      rules,
      archive: { pattern: archive.pattern },
      deliver: async () => undefined,
    });
    buses.push(bus);
    return bus;
  };
  const eventIds = (events: BusEvent[]) => events.map((event) => (event.detail as { metadata: { eventId: string } }).metadata.eventId);
  const recordContacts = (count: number, tag: string) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        recordInteraction(
          deps,
          { channel: 'chat', direction: 'inbound', customer: { email: `${tag}-${i}@example.com` }, text: 'box down' },
          { subject: 'it', roles: ['integration'] },
          `corr-${tag}`,
        ),
      ),
    );

  beforeAll(async () => {
    names = await createTestTables();
    const { documentClient, endpoint } = dataClients();
    deps = {
      ...stores(documentClient, names.data, 30),
      settings: { CHANNELS: demoConfig.channels, INTERACTION_RETENTION_DAYS: 30, INTERACTION_IMPORT_WINDOW_DAYS: 30, ACTIVE_INCIDENTS_CACHE_SECONDS: 30 },
      now: () => new Date(),
    };
    const { sqs } = dataClients();
    failureQueue = await createStreamFailureQueue(sqs, `outage-${Date.now()}`);
    busPort = await freePort();
    const bus = await startBus();
    busEndpointEnv = bus.endpoint;
    const { region, credentials } = localAwsClientConfig(endpoint);
    Object.assign(
      process.env,
      functionEnvironment(demoConfig, functions.outboxRelay, {
        dataTable: names.data,
        idempotencyTable: names.idempotency,
        eventBus: 'support-outage',
        queueUrls: unusedQueueUrls,
        webhookSecrets: {},
        streamFailureQueueUrl: failureQueue.url,
      }),
      {
        AWS_ENDPOINT_URL_EVENTBRIDGE: busEndpointEnv,
        AWS_REGION: region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        POWERTOOLS_DEV: 'true',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
    );
    const { handler } = await import('../../functions/relay/outbox-relay');
    trigger = await startStreamTrigger({
      endpoint,
      tableName: names.data,
      trigger: functions.outboxRelay.trigger,
      retryDelayMs: 50,
      handler: async (event: DynamoDBStreamEvent) => {
        // A short timeout, so that each invocation waits the outage out for about a second (not
        // 50 s) before leaving it to the trigger's retries: the test sees both kinds of retry.
        const response = (await handler(
          event,
          lambdaContext('outboxRelay', { ...functions.outboxRelay, timeoutSeconds: retryMarginMs / 1000 + 1 }) as Context,
        )) as DynamoDBBatchResponse;
        if (response.batchItemFailures.length) failedInvocations++;
        return response;
      },
    });
  });

  afterAll(async () => {
    await trigger?.stop();
    for (const bus of buses) await bus.stop().catch(() => undefined);
  });

  it('delivers every event written during the outage once the bus is back, and none twice', async () => {
    // Prepare: the bus works.
    await recordContacts(3, 'before');
    await trigger.idle();
    const beforeOutage = eventIds(buses[0]!.events());
    expect(beforeOutage).toHaveLength(6); // CustomerCreated + InteractionRecorded each

    // Act: the bus goes down; writes are still accepted.
    await buses[0]!.stop();
    const accepted = await recordContacts(12, 'during');
    await expect.poll(() => failedInvocations, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const restored = await startBus();
    await trigger.idle();

    // Assess: 24 new events (12 profiles, 12 interactions), each once, none of the earlier ones again.
    expect(accepted).toHaveLength(12);
    const delivered = eventIds(restored.events());
    expect(delivered).toHaveLength(24);
    expect(new Set(delivered).size).toBe(24);
    expect(delivered.some((id) => beforeOutage.includes(id))).toBe(false);
    const interactionIds = restored
      .events()
      .filter((event) => event['detail-type'] === 'InteractionRecorded.v1')
      .map((event) => (event.detail as { data: { interactionId: string } }).data.interactionId);
    expect(interactionIds.sort()).toEqual(accepted.map((i) => i.interactionId).sort());
    // Nothing was given up on: the failure queue is empty.
    const { Messages = [] } = await dataClients().sqs.send(
      new ReceiveMessageCommand({ QueueUrl: failureQueue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    expect(Messages).toEqual([]);
  });
});
