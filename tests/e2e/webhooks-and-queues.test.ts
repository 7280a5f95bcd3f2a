import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime } from '../helpers/runtime';

describe('Webhooks to the client platforms, and the live queue status', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let sqs: SQSClient;

  const openCase = async () => {
    const customer = await api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { email: `wh-${Math.random()}@example.com` } }, agent);
    return (await api.post('/cases', { customerId: customer.body.customerId, subject: 'Router broken' }, agent)).body;
  };
  const deliveriesOf = (escalationId: string) =>
    runtime.webhooks.received().filter((w) => w.target === 'workforce' && w.body.data.escalationId === escalationId);

  beforeAll(async () => {
    // Three attempts, so that a delivery nobody accepts reaches its dead-letter queue in seconds.
    runtime = await startTestRuntime({ webhooks: { ...demoConfig.webhooks, delivery: { maxAttempts: 3, maxConcurrency: 2 } } });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    sqs = new SQSClient(localAwsClientConfig(runtime.endpoints.sqs));
  });
  afterAll(() => runtime?.stop());

  it('tells the workforce platform of each assignment, signed, with what it needs to pick the case up', async () => {
    const supportCase = await openCase();

    const escalated = await api.post(`/cases/${supportCase.caseId}/escalations`, { skill: 'network', reason: 'Line test failed' }, agent);
    await runtime.settled();

    const [delivery] = deliveriesOf(escalated.body.escalationId);
    expect(delivery).toMatchObject({
      eventType: 'EscalationAssigned.v1',
      body: {
        target: 'workforce',
        type: 'EscalationAssigned.v1',
        clientId: 'demo',
        data: { caseId: supportCase.caseId, queue: 'expert', team: 'Level 2 experts' },
      },
    });
    expect(runtime.webhooks.refused()).toEqual([]);
  });

  it('retries a receiver that is down, with backoff, and delivers once when it is back', async () => {
    const supportCase = await openCase();
    runtime.webhooks.failNext('workforce', 2);

    const escalated = await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 1, reason: 'Receiver outage' }, agent);
    await runtime.settled();

    expect(deliveriesOf(escalated.body.escalationId)).toHaveLength(1);
  });

  it('delivers once when the same event reaches the webhook queue twice', async () => {
    const supportCase = await openCase();
    const escalated = await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 1, reason: 'Duplicate' }, agent);
    await runtime.settled();
    const assigned = runtime
      .events()
      .find(
        (e) =>
          e['detail-type'] === 'EscalationAssigned.v1' && (e.detail as { data: { escalationId: string } }).data.escalationId === escalated.body.escalationId,
      );

    await sqs.send(new SendMessageCommand({ QueueUrl: runtime.queues.webhooks.url, MessageBody: JSON.stringify(assigned) }));
    await runtime.settled();

    expect(deliveriesOf(escalated.body.escalationId)).toHaveLength(1);
  });

  it('sends a delivery nobody accepts to the dead-letter queue after the configured attempts', async () => {
    const supportCase = await openCase();
    runtime.webhooks.failNext('workforce', 100);

    await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 1, reason: 'Receiver gone' }, agent);
    await runtime.settled();
    runtime.webhooks.failNext('workforce', 0);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: runtime.queues.webhooks.deadLetterUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );

    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(1);
  });

  it('escalates once when two angry messages arrive together on a case', async () => {
    const supportCase = await openCase();
    const angry = (text: string) =>
      api.post(
        '/interactions',
        { channel: 'chat', direction: 'inbound', customer: { customerId: supportCase.customerId }, caseId: supportCase.caseId, text },
        agent,
      );

    const replies = await Promise.all([angry('This is unacceptable, I want to cancel!'), angry('Scandalous service, cancel my contract now!')]);
    await runtime.settled();

    const requested = runtime
      .events()
      .filter((e) => e['detail-type'] === 'EscalationRequested.v1' && (e.detail as { data: { caseId: string } }).data.caseId === supportCase.caseId);
    expect(requested).toHaveLength(1);
    expect(replies.filter((r) => r.body.autoEscalation)).toHaveLength(1);
  });

  it('shows each queue with its depth, oldest wait, recent throughput and an estimated wait, to customers too', async () => {
    const customer = await runtime.token('customer', 'cus_queue_reader');

    const status = await api.get('/queues', customer);

    expect(status.status).toBe(200);
    expect(status.headers.get('cache-control')).toBe('private, max-age=60');
    expect(status.body.queues.map((q: { queue: string }) => q.queue)).toEqual(['urgent', 'expert', 'standard']);
    const standard = status.body.queues.find((q: { queue: string }) => q.queue === 'standard');
    // Every escalation above was assigned: nothing waits, and the assignments count as throughput.
    expect(standard).toMatchObject({ team: 'Level 1 pool', depth: 0, inFlight: 0, oldestWaitSeconds: 0, estimatedWaitSeconds: 0 });
    expect(standard.completedRecently).toBeGreaterThanOrEqual(3);
    expect(standard.throughputPerMinute).toBeGreaterThan(0);
  });
});
