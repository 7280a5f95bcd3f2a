import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { documentClient } from '../../functions/adapters/dynamodb/client';
import { CaseStore } from '../../functions/adapters/dynamodb/case-store';
import { escalationItem } from '../../functions/adapters/dynamodb/escalation-store';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { outboxEvent } from '../../functions/domain/outbox-event';
import type { Escalation, EscalationQueue } from '../../functions/domain/escalations';
import { newId } from '../../functions/domain/ids';
import { localAwsClientConfig } from '../../local/aws';
import { demoConfig } from '../lib/demo';
import { appendResults, printTable, progress } from '../lib/report';
import { benchRuntime } from '../lib/runtime';
import { CaseOpened } from '../../functions/domain/case-events';
import { EscalationRequested } from '../../functions/domain/escalation-events';

/**
 * The spike: N escalations written at once (through the data layer, as the API would write
 * them: each with its EscalationRequested event in the outbox), relayed to the bus, routed to the
 * standard queue and drained by its worker; plus 1% poison messages put straight on the queue.
 * Counts come from the bus archive (one EscalationAssigned per escalation) and the DLQ.
 */
export async function escalations({ smoke }: { smoke: boolean }) {
  const total = smoke ? 200 : 10_000;
  const poison = Math.round(total / 100);
  const queues = Object.fromEntries(
    Object.entries(demoConfig.routing.queues).map(([name, s]) => [name, { ...s, visibilityTimeoutSeconds: 2, maxReceiveCount: 2 }]),
  );
  const runtime = await benchRuntime({ ...demoConfig, routing: { ...demoConfig.routing, queues: queues as typeof demoConfig.routing.queues } });
  const tableName = runtime.names.dataTable;
  const sqs = new SQSClient(localAwsClientConfig(runtime.endpoints.sqs));
  const queue = runtime.queues.standard;

  // One case to escalate (a case per escalation would measure case creation, not the queue).
  const now = new Date();
  const caseId = newId('case');
  const cases = new CaseStore(documentClient, tableName);
  await cases.create(
    {
      caseId,
      customerId: 'cus_bench',
      subject: 'Outage',
      status: 'open',
      priority: 'normal',
      openedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      reopenCount: 0,
      version: 1,
    },
    outboxEvent(CaseOpened, { caseId, customerId: 'cus_bench', priority: 'normal', status: 'open' }, 'bench'),
  );
  await runtime.settled();
  const assignedBefore = runtime.events().filter((e) => e['detail-type'] === 'EscalationAssigned.v1').length;

  const started = performance.now();
  const ids: string[] = [];
  const tick = progress('escalations written', total);
  // Batches of 25 (BatchWriteItem), several at once: the fastest way in through the data layer.
  const escalationsToWrite = Array.from(
    { length: total },
    (): Escalation => ({
      escalationId: newId('escalation'),
      caseId,
      customerId: 'cus_bench',
      queue: 'standard' satisfies EscalationQueue,
      tier: 1,
      priority: 'normal',
      reason: 'spike',
      status: 'requested',
      requestedAt: new Date().toISOString(),
      requestedBy: 'bench',
    }),
  );
  const batches = Array.from({ length: Math.ceil(total / 25) }, (_, b) => escalationsToWrite.slice(b * 25, b * 25 + 25));
  const writers = 8;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let b = w; b < batches.length; b += writers) {
        let requests = batches[b]!.map((escalation) => ({
          PutRequest: {
            Item: escalationItem(
              escalation,
              outboxEvent(
                EscalationRequested,
                { escalationId: escalation.escalationId, caseId, customerId: 'cus_bench', queue: 'standard', tier: 1, priority: 'normal' },
                'bench',
              ),
            ),
          },
        }));
        while (requests.length) {
          const { UnprocessedItems } = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
          requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
        }
        ids.push(...batches[b]!.map((escalation) => escalation.escalationId));
        tick(ids.length);
      }
    }),
  );
  tick(total);
  for (let i = 0; i < poison; i += 10) {
    const { Failed = [] } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: Array.from({ length: Math.min(10, poison - i) }, (_, j) => ({ Id: `poison-${j}`, MessageBody: `{"poison":${i + j}}` })),
      }),
    );
    if (Failed.length) throw new Error(`Could not send poison messages: ${JSON.stringify(Failed)}`);
  }
  const injectedSeconds = (performance.now() - started) / 1000;

  // Sample the queue depth while it drains.
  let peakDepth = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      peakDepth = Math.max(peakDepth, Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  await runtime.settled();
  sampling = false;
  await sampler;
  const drainSeconds = (performance.now() - started) / 1000;

  const assigned = runtime
    .events()
    .filter((e) => e['detail-type'] === 'EscalationAssigned.v1')
    .slice(assignedBefore);
  const perEscalation = new Map<string, number>();
  for (const event of assigned) {
    const id = (event.detail as { data: { escalationId: string } }).data.escalationId;
    perEscalation.set(id, (perEscalation.get(id) ?? 0) + 1);
  }
  const { Attributes: dead = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queue.deadLetterUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  const figures = {
    injected: total,
    poison,
    injectedSeconds: round(injectedSeconds),
    peakQueueDepth: peakDepth,
    drainSeconds: round(drainSeconds),
    escalationsPerSecond: round(total / drainSeconds),
    maxConcurrentWorkers: runtime.workerPeakConcurrency().standard,
    configuredMaxConcurrency: queue.settings.maxConcurrency,
    assignedOnce: [...perEscalation.values()].filter((n) => n === 1).length,
    duplicated: [...perEscalation.values()].filter((n) => n > 1).length,
    lost: ids.filter((id) => !perEscalation.has(id)).length,
    inDeadLetterQueue: Number(dead.ApproximateNumberOfMessages),
  };
  printTable(
    `Escalation spike (${total} escalations + ${poison} poison messages into the standard queue)`,
    Object.entries(figures).map(([figure, value]) => ({ figure, value })),
  );
  const ok =
    figures.assignedOnce === total &&
    figures.duplicated === 0 &&
    figures.lost === 0 &&
    figures.inDeadLetterQueue === poison &&
    figures.maxConcurrentWorkers <= figures.configuredMaxConcurrency;
  console.log(
    `  ${ok ? 'pass' : 'MISS'}: every escalation assigned exactly once, only the poison in the DLQ, concurrency within the configured maximum (injected in ${figures.injectedSeconds} s: DynamoDB Local's write rate on this machine, reported, not a target)`,
  );
  appendResults('escalations', figures);
}

function round(value: number): number {
  return Number(value.toFixed(2));
}
