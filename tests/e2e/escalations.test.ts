import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime } from '../helpers/runtime';

describe('Escalations: queued, assigned once by the queue worker', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let integration: string;
  let sqs: SQSClient;

  const openCase = async (subject = 'No signal') => {
    const customer = await api.post(
      '/interactions',
      { channel: 'phone', direction: 'inbound', customer: { email: `esc-${Math.random()}@example.com` } },
      agent,
    );
    return (await api.post('/cases', { customerId: customer.body.customerId, subject }, agent)).body;
  };
  const eventsOf = (type: string, escalationId: string) =>
    runtime.events().filter((e) => e['detail-type'] === type && (e.detail as { data: { escalationId: string } }).data.escalationId === escalationId);

  beforeAll(async () => {
    // Short visibility and two receives, so a poison message reaches the DLQ within seconds.
    const queues = Object.fromEntries(
      Object.entries(demoConfig.routing.queues).map(([name, settings]) => [name, { ...settings, visibilityTimeoutSeconds: 1, maxReceiveCount: 2 }]),
    );
    runtime = await startTestRuntime({ routing: { ...demoConfig.routing, queues: queues as typeof demoConfig.routing.queues } });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    integration = await runtime.token('integration');
    sqs = new SQSClient(localAwsClientConfig(runtime.endpoints.sqs));
  });
  afterAll(() => runtime?.stop());

  it('routes by skill to its queue, and the worker records the team on the case', async () => {
    // Prepare
    const supportCase = await openCase();

    // Act
    const escalated = await api.post(`/cases/${supportCase.caseId}/escalations`, { skill: 'network', reason: 'Line test failed twice' }, agent);
    await runtime.settled();
    const after = await api.get(`/cases/${supportCase.caseId}`, agent);

    // Assess
    expect(escalated.status).toBe(202);
    expect(escalated.body).toMatchObject({ queue: 'expert', status: 'requested', caseId: supportCase.caseId });
    expect(after.body.escalation).toMatchObject({ escalationId: escalated.body.escalationId, queue: 'expert', team: 'Level 2 experts' });
    expect(eventsOf('EscalationAssigned.v1', escalated.body.escalationId)).toHaveLength(1);
  });

  it('sends urgent priority to the urgent queue and tiers where the routing says', async () => {
    const supportCase = await openCase();

    const urgent = await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 1, priority: 'urgent', reason: 'Hospital line down' }, agent);
    const tier2 = await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 2, reason: 'Needs an expert' }, agent);

    expect(urgent.body.queue).toBe('urgent');
    expect(tier2.body.queue).toBe('expert');
  });

  it('assigns once when the same message is delivered twice', async () => {
    const supportCase = await openCase();
    const escalated = await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 1, reason: 'Duplicate delivery' }, agent);
    await runtime.settled();
    const [requested] = eventsOf('EscalationRequested.v1', escalated.body.escalationId);

    // Act: at-least-once delivery: the same event arrives again.
    await sqs.send(new SendMessageCommand({ QueueUrl: runtime.queues.standard.url, MessageBody: JSON.stringify(requested) }));
    await runtime.settled();

    // Assess
    expect(eventsOf('EscalationAssigned.v1', escalated.body.escalationId)).toHaveLength(1);
  });

  it('moves a poison message to the dead-letter queue without blocking the others', async () => {
    const supportCase = await openCase();
    await sqs.send(new SendMessageCommand({ QueueUrl: runtime.queues.standard.url, MessageBody: '{"not":"an escalation"}' }));
    const escalated = await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 1, reason: 'Behind a poison message' }, agent);

    await runtime.settled();
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: runtime.queues.standard.deadLetterUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );

    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(1);
    expect((await api.get(`/cases/${supportCase.caseId}`, agent)).body.escalation.escalationId).toBe(escalated.body.escalationId);
  });

  describe('automatic escalation rules (clients/demo.json routing.automatic)', () => {
    const contact = (caseId: string, customerId: string, text: string) =>
      api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { customerId }, caseId, text }, agent);

    it('escalates when the customer contacts again about an open case within the window', async () => {
      const supportCase = await openCase();

      const first = await contact(supportCase.caseId, supportCase.customerId, 'Still no internet.');
      const second = await contact(supportCase.caseId, supportCase.customerId, 'Calling back about my line.');
      await runtime.settled();

      expect(first.body.autoEscalation).toBeUndefined();
      expect(second.body.autoEscalation).toMatchObject({ queue: 'expert', reason: expect.stringContaining('contact again') });
      expect((await api.get(`/cases/${supportCase.caseId}`, agent)).body.escalation.team).toBe('Level 2 experts');
    });

    it("does not take support's replies for the customer contacting again", async () => {
      // Prepare
      const supportCase = await openCase();
      const reply = (text: string, agentId?: string) =>
        api.post(
          '/interactions',
          {
            channel: 'chat',
            direction: 'outbound',
            customer: { customerId: supportCase.customerId },
            caseId: supportCase.caseId,
            text,
            ...(agentId ? { agentId } : {}),
          },
          integration,
        );

      // Act: the customer writes once; a bot and an agent answer.
      const first = await contact(supportCase.caseId, supportCase.customerId, 'Still no internet.');
      const bot = await reply('Your request is registered.');
      const human = await reply('I am looking at your line.', 'agent-4');
      await runtime.settled();

      // Assess
      expect([first, bot, human].map((r) => r.status)).toEqual([201, 201, 201]);
      expect([first, bot, human].filter((r) => r.body.autoEscalation)).toEqual([]);
      expect((await api.get(`/cases/${supportCase.caseId}`, agent)).body.escalation).toBeUndefined();
    });

    it('escalates a complaint or cancellation in a negative tone, in French too, but not a calm question', async () => {
      const angry = await openCase();
      const calm = await openCase();

      const complaint = await contact(angry.caseId, angry.customerId, "C'est inadmissible, trois jours sans internet. Je veux résilier !");
      const question = await contact(calm.caseId, calm.customerId, 'Pouvez-vous m’envoyer ma facture de mars ?');

      expect(complaint.body.autoEscalation).toMatchObject({ reason: expect.stringContaining('complaint and cancellation') });
      expect(question.body.autoEscalation).toBeUndefined();
    });
  });

  it('refuses bad escalations: closed case 409, unknown case 404, bad tier 400, customers 403', async () => {
    const supportCase = await openCase();
    await api.patch(`/cases/${supportCase.caseId}`, { status: 'closed' }, agent);
    const customer = await runtime.token('customer', supportCase.customerId);

    expect((await api.post(`/cases/${supportCase.caseId}/escalations`, { reason: 'x' }, agent)).status).toBe(409);
    expect((await api.post('/cases/case_01JAAAAAAAAAAAAAAAAAAAAAAA/escalations', { reason: 'x' }, agent)).status).toBe(404);
    const badTier = await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 12, reason: 'x' }, agent);
    expect(badTier.status).toBe(400);
    expect(badTier.body.errors[0].field).toBe('tier');
    expect((await api.post(`/cases/${supportCase.caseId}/escalations`, { reason: 'x' }, customer)).status).toBe(403);
  });
});
