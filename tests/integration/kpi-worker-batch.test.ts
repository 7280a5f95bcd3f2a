import { CreateQueueCommand, type Message, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb/client';
import { KpiStore } from '../../functions/adapters/dynamodb/kpi-store';
import { functions } from '../../functions/definition/functions';
import { type WorkQueue, workQueues } from '../../functions/definition/queues';
import type { EventData, EventName } from '../../functions/domain/events';
import type { KpiEvent } from '../../functions/domain/kpi-consumer';
import { newId } from '../../functions/domain/ids';
import { applyKpiEvents } from '../../functions/use-cases/kpis';
import { functionEnvironment, kpiRules } from '../../lib/definition/environment';
import { localAwsClientConfig } from '../../local/aws';
import { lambdaContext } from '../../local/lambda-context';
import { busEvent } from '../helpers/bus-events';
import { createTestTables, dataClients } from '../helpers/local-aws';
import { demoConfig } from '../helpers/runtime';

/**
 * The KPI worker's batch path, on DynamoDB Local and the SQS emulator: a queue batch is applied in
 * as few transactions as fit, copies of an event within the batch count once, a malformed
 * message fails alone, and an event counted before (a redelivery among new ones) sends the batch
 * back to one event at a time, where it alone is a duplicate.
 */
const unusedQueueUrls = Object.fromEntries(workQueues.map((queue) => [queue, ''])) as Record<WorkQueue, string>;

/** An event as EventBridge hands it to the queue, with its id as given (a copy shares it). */
const batchEvent = <N extends EventName>(name: N, data: EventData<N>, eventId = newId('event')) =>
  busEvent(name, data, { eventId, correlationId: 'batch-test' });

describe('KPI worker: a queue batch applied together', { timeout: 120_000 }, () => {
  const { sqs, endpoint } = dataClients();
  let table: string;
  let queueUrl: string;
  let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  /** TransactWriteItems calls the worker made (observed on its own client, not replaced). */
  let transactions = 0;

  beforeAll(async () => {
    table = (await createTestTables()).data;
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `kpi-batch-${Date.now()}` }))).QueueUrl!;
    const { region, credentials } = localAwsClientConfig(endpoint);
    Object.assign(
      process.env,
      functionEnvironment(demoConfig, functions.kpiWorker, {
        dataTable: table,
        idempotencyTable: 'unused',
        eventBus: 'unused',
        queueUrls: unusedQueueUrls,
        webhookSecrets: {},
      }),
      {
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        AWS_REGION: region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        POWERTOOLS_DEV: 'true',
        POWERTOOLS_LOG_LEVEL: 'CRITICAL',
      },
    );
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (String(context.commandName).startsWith('TransactWrite')) transactions++;
        return next(args);
      },
      { step: 'initialize', name: 'countTransactions' },
    );
    ({ handler } = (await import('../../functions/workers/kpi-worker')) as unknown as { handler: typeof handler });
  });
  afterAll(() => sqs.destroy());

  /** Puts the bodies on the queue and hands them to the worker as the batch the queue gives (10 at most). */
  const deliver = async (bodies: unknown[]) => {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: typeof body === 'string' ? body : JSON.stringify(body) })),
      }),
    );
    const messages: Message[] = [];
    while (messages.length < bodies.length) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
      );
      messages.push(...Messages);
    }
    const byBody = new Map(messages.map((m) => [m.Body, m]));
    const ordered = bodies.map((body) => byBody.get(typeof body === 'string' ? body : JSON.stringify(body))!);
    const records = ordered.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body!,
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody!,
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-3:000000000000:kpi-batch',
      awsRegion: 'eu-west-3',
    }));
    const before = transactions;
    const response = await handler({ Records: records }, lambdaContext('kpiWorker', functions.kpiWorker));
    return { response, records, transactions: transactions - before };
  };
  const today = () => new KpiStore(documentClient, table).days('all', '2000-01-01', '2999-12-31');

  it('applies a batch in one transaction: a copy within the batch counted once, the malformed message failed alone', async () => {
    // Prepare: a case opened, three contacts (one delivered twice), its notice sent, and a message that is no event.
    const customerId = `cus_${newId('event')}`;
    const caseId = newId('case');
    const contact = (n: number) =>
      batchEvent('InteractionRecorded', {
        interactionId: newId('interaction'),
        customerId,
        caseId,
        channel: 'chat',
        direction: 'inbound',
        occurredAt: new Date().toISOString(),
        textLength: 10 + n,
      });
    const twice = contact(1);
    const malformed = {
      ...batchEvent('CaseOpened', { caseId, customerId, priority: 'normal', status: 'open', channel: 'chat' }),
      detail: { data: { caseId } },
    };
    const bodies = [
      batchEvent('CaseOpened', { caseId, customerId, priority: 'high', status: 'open', channel: 'chat' }),
      twice,
      contact(2),
      malformed,
      twice,
      contact(3),
      batchEvent('NotificationSent', {
        notificationId: 'ntf_BATCH',
        customerId,
        caseId,
        kind: 'caseEscalated',
        channel: 'sms',
        urgent: false,
        deferred: false,
        attempts: 1,
      }),
    ];

    // Act
    const { response, records, transactions: used } = await deliver(bodies);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[3]!.messageId }]);
    expect(used).toBe(1);
    const [day] = await today();
    expect(day?.values).toMatchObject({ newCases: 1, contacts: 3, notificationsSent: 1 });
    const byPriority = await new KpiStore(documentClient, table).days('priority', '2000-01-01', '2999-12-31');
    // The contacts after the case opened, in the same batch, see its priority.
    expect(byPriority.find((item) => item.value === 'high')?.values).toMatchObject({ newCases: 1, contacts: 3, notificationsSent: 1 });
  });

  it('splits a batch of 123 items into two transactions (at most 100 items each), every event counted once', async () => {
    // Prepare: 60 cases opened (a claim and a projection each, besides the 3 day items): 123 items.
    const opened = Array.from({ length: 60 }, () => {
      const { detail } = batchEvent('CaseOpened', { caseId: newId('case'), customerId: 'cus_many', priority: 'low', status: 'open', channel: 'email' });
      return { name: 'CaseOpened', data: detail.data, metadata: detail.metadata } as KpiEvent;
    });
    const deps = { kpis: new KpiStore(documentClient, table), settings: { KPI_RULES: kpiRules(demoConfig) }, now: () => new Date() };
    const [before] = await today();
    const start = transactions;

    // Act
    const outcomes = await applyKpiEvents(deps, opened);

    // Assess
    expect(outcomes.every((o) => 'applied' in o && o.applied.outcome === 'applied')).toBe(true);
    expect(transactions - start).toBe(2);
    const [after] = await today();
    expect((after?.values.newCases ?? 0) - (before?.values.newCases ?? 0)).toBe(60);
  });

  it('counts a redelivered event once among new ones: the batch is applied one event at a time, and none fails', async () => {
    // Prepare: an event counted before.
    const customerId = `cus_${newId('event')}`;
    const offered = (surveyId: string) =>
      batchEvent('SurveyOffered', {
        surveyId,
        customerId,
        trigger: 'case_resolved',
        channel: 'email',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    const counted = offered('svy_1');
    await deliver([counted]);
    const [before] = await today();

    // Act: it comes back with two new ones.
    const { response } = await deliver([offered('svy_2'), counted, offered('svy_3')]);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const [after] = await today();
    expect((after?.values.surveysOffered ?? 0) - (before?.values.surveysOffered ?? 0)).toBe(2);
  });
});
