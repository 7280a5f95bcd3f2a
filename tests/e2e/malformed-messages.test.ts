import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime, alwaysOpenHours as alwaysOpen } from '../helpers/runtime';

/** An event as EventBridge hands it to a queue, for a worker to read. */
function busEvent(detailType: string, source: string, data: Record<string, unknown>) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: '000000000000',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'eu-west-3',
    resources: [],
    detail: {
      metadata: {
        eventId: `evt_${randomUUID()}`,
        eventType: detailType,
        occurredAt: new Date().toISOString(),
        clientId: 'demo',
        correlationId: `corr-${randomUUID()}`,
      },
      data,
    },
  };
}

type Queue = 'callbacks' | 'standard' | 'notifications';

describe('Worker kit: a malformed message fails alone, is retried, then reaches the dead-letter queue', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let sqs: SQSClient;

  /** Retried after a second and dead-lettered at the second failure, so that the test takes seconds, not minutes. */
  const shortenRetries = async (queue: Queue) => {
    const { url, deadLetterUrl } = runtime.queues[queue];
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }));
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: url,
        Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 2 }) },
      }),
    );
  };
  const deadLetters = async (queue: Queue) => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: runtime.queues[queue].deadLetterUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return Messages;
  };
  const send = (queue: Queue, bodies: string[]) =>
    sqs.send(new SendMessageBatchCommand({ QueueUrl: runtime.queues[queue].url, Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: body })) }));

  beforeAll(async () => {
    runtime = await startTestRuntime({
      businessHours: alwaysOpen,
      // The standard queue takes whole batches here, so that the malformed message shares one with valid ones.
      routing: {
        ...demoConfig.routing,
        queues: { ...demoConfig.routing.queues, standard: { ...demoConfig.routing.queues.standard, batchSize: 10, maxConcurrency: 2 } },
      },
    });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    sqs = new SQSClient(localAwsClientConfig(runtime.endpoints.sqs));
  });
  afterAll(() => runtime?.stop());

  it('callback worker: the valid callbacks are handed to telephony, the malformed ones are not and end up in the dead-letter queue', async () => {
    // Prepare: three callbacks scheduled later (so that nothing hands them over on its own).
    await shortenRetries('callbacks');
    const from = new Date(Date.now() + 2 * 3600_000);
    const window = { from: from.toISOString(), to: new Date(from.getTime() + 3600_000).toISOString() };
    const callbacks: { callbackId: string; customerId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const customer = await api.post(
        '/interactions',
        { channel: 'app', direction: 'inbound', customer: { email: `malformed-${randomUUID()}@example.com` } },
        agent,
      );
      const phone = `+3361${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
      callbacks.push((await api.post('/callbacks', { customerId: customer.body.customerId, phone, when: window }, agent)).body);
    }
    await runtime.settled();
    const [first, second, third] = callbacks as [(typeof callbacks)[0], (typeof callbacks)[0], (typeof callbacks)[0]];
    const due = (callback: typeof first) =>
      busEvent('CallbackDue.v1', 'support.callbacks', { callbackId: callback.callbackId, customerId: callback.customerId, attempt: 1 });
    const notJson = '{"detail-type": "CallbackDue.v1", ';
    // The third callback's event lost its customer and attempt: its data fails the CallbackDue schema.
    const lostFields = JSON.stringify(busEvent('CallbackDue.v1', 'support.callbacks', { callbackId: third.callbackId }));

    // Act: one batch, valid and malformed mixed.
    await send('callbacks', [JSON.stringify(due(first)), notJson, lostFields, JSON.stringify(due(second))]);
    await runtime.settled();

    // Assess
    const toTelephony = (callbackId: string) => runtime.webhooks.received().filter((w) => w.target === 'telephony' && w.body.data.callbackId === callbackId);
    expect(toTelephony(first.callbackId)).toHaveLength(1);
    expect(toTelephony(second.callbackId)).toHaveLength(1);
    expect(toTelephony(third.callbackId)).toHaveLength(0);
    expect((await api.get(`/callbacks/${first.callbackId}`, agent)).body.status).toBe('handed_over');
    expect((await api.get(`/callbacks/${third.callbackId}`, agent)).body.status).toBe('scheduled');
    const dead = await deadLetters('callbacks');
    // In the dead-letter queue only after maxReceiveCount (2) failed receives: they were retried.
    expect(dead.map((message) => message.Body).sort()).toEqual([notJson, lostFields].sort());
  });

  it('escalation worker: an event that is not an EscalationRequested is refused, even with an escalation id, while the batch is handled', async () => {
    // Prepare: escalations to the standard queue, assigned as usual.
    await shortenRetries('standard');
    const escalations: { escalationId: string; caseId: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const customer = await api.post(
        '/interactions',
        { channel: 'chat', direction: 'inbound', customer: { email: `malformed-${randomUUID()}@example.com` } },
        agent,
      );
      const supportCase = (await api.post('/cases', { customerId: customer.body.customerId, subject: 'Slow line' }, agent)).body;
      escalations.push((await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 1, reason: 'Line test' }, agent)).body);
    }
    await runtime.settled();
    const requested = runtime
      .events()
      .filter(
        (e) =>
          e['detail-type'] === 'EscalationRequested.v1' &&
          escalations.some((x) => (e.detail as { data: { escalationId: string } }).data.escalationId === x.escalationId),
      );
    expect(requested).toHaveLength(2);
    // An EscalationAssigned event (another worker's input) carries an escalation id too, but is not a request.
    const assigned = runtime
      .events()
      .find(
        (e) =>
          e['detail-type'] === 'EscalationAssigned.v1' && (e.detail as { data: { escalationId: string } }).data.escalationId === escalations[0]!.escalationId,
      );
    const wrongEvent = JSON.stringify(assigned);
    const noMetadata = JSON.stringify({ ...requested[0], detail: { data: (requested[0]!.detail as { data: unknown }).data } });

    // Act: redeliveries of the two requests (handled: already assigned) with the two malformed ones.
    await send('standard', [JSON.stringify(requested[0]), wrongEvent, noMetadata, JSON.stringify(requested[1])]);
    await runtime.settled();

    // Assess
    for (const { caseId } of escalations) expect((await api.get(`/cases/${caseId}`, agent)).body.escalation).toMatchObject({ status: 'assigned' });
    const dead = await deadLetters('standard');
    expect(dead.map((message) => message.Body).sort()).toEqual([wrongEvent, noMetadata].sort());
  });

  it('notification worker: its own messages are checked too; a delivery group is handled beside a broken group and a broken incident event', async () => {
    // Prepare: an incident in a zone where nobody lives, and a consenting customer elsewhere.
    await shortenRetries('notifications');
    const supervisor = await runtime.token('supervisor');
    const tag = randomUUID().slice(0, 8);
    const created = await api.post(
      '/interactions',
      { channel: 'phone', direction: 'inbound', customer: { email: `malformed-${tag}@example.com`, phone: `+3361${Math.floor(1e7 + Math.random() * 8e7)}` } },
      agent,
    );
    const customerId = created.body.customerId as string;
    await api.put(`/customers/${customerId}/preferences`, { consent: { sms: true } }, agent);
    const incident = (
      await api.post(
        '/incidents',
        { title: 'Outage', severity: 'major', affected: { zone: [`empty-${tag}`] }, messages: { en: 'Down in your area.' } },
        supervisor,
      )
    ).body;
    await runtime.settled();
    const messagesTo = () => runtime.webhooks.received().filter((w) => w.target === 'messaging' && w.body.data.customerId === customerId);
    expect(messagesTo()).toEqual([]);
    const group = JSON.stringify({ kind: 'deliver', incidentId: incident.incidentId, revision: 1, customerIds: [customerId] });
    const groupWithoutCustomers = JSON.stringify({ kind: 'deliver', incidentId: incident.incidentId, revision: 1 });
    // An update of an incident nobody declared, without its severity and status: not an IncidentUpdated.
    const brokenUpdate = JSON.stringify(busEvent('IncidentUpdated.v1', 'support.incidents', { incidentId: `inc_${tag}`, revision: 2 }));

    // Act
    await send('notifications', [groupWithoutCustomers, group, brokenUpdate]);
    await runtime.settled();

    // Assess
    expect(messagesTo()).toHaveLength(1);
    expect(messagesTo()[0]!.body.data).toMatchObject({ incidentId: incident.incidentId });
    const dead = await deadLetters('notifications');
    expect(dead.map((message) => message.Body).sort()).toEqual([groupWithoutCustomers, brokenUpdate].sort());
  });
});
