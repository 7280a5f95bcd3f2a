import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * What a customer token must not be able to do: claim someone else's identity, speak for support,
 * or set the fields staff set. Every refusal writes nothing.
 */
describe('Trust boundaries: a customer acts only as themselves', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let integration: string;

  const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
  const customerToken = (customerId: string, claims?: Record<string, unknown>) => runtime.token('customer', customerId, claims ? { claims } : undefined);
  const timelineOf = async (customerId: string) =>
    (await api.get(`/customers/${customerId}/timeline?limit=100`, agent)).body.items as { type: string; interaction?: { text?: string } }[];
  const profileOf = async (customerId: string) => (await api.get(`/customers/${customerId}`, agent)).body;
  const chat = (customer: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    channel: 'chat',
    direction: 'inbound',
    customer,
    text: 'hello',
    ...extra,
  });

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    integration = await runtime.token('integration');
  });
  afterAll(() => runtime?.stop());

  describe('identities', () => {
    it("refuses an email the customer's sign-in did not verify, and the real owner's first contact lands on a profile of their own", async () => {
      // Prepare
      const squatter = unique('cus-squatter');
      const victimEmail = `${unique('victim')}@example.com`;
      const token = await customerToken(squatter);

      // Act
      const squat = await api.post('/interactions', chat({ email: victimEmail }), token);
      const ownersMessage = await api.post(
        '/interactions',
        { channel: 'email', direction: 'inbound', customer: { email: victimEmail }, text: 'My IBAN is FR76 3000 6000 0112 3456 7890 189' },
        integration,
      );

      // Assess
      expect(squat.status).toBe(403);
      expect(squat.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(squat.body.errors[0].field).toBe('customer.email');
      expect(ownersMessage.status).toBe(201);
      expect(ownersMessage.body.customerCreated).toBe(true);
      expect(ownersMessage.body.customerId).not.toBe(squatter);
      expect((await api.get(`/customers/${squatter}`, agent)).status).toBe(404); // nothing written for the squatter
    });

    it('refuses phones, CRM references and social handles on a customer’s word too', async () => {
      const token = await customerToken(unique('cus-word'));

      const attempts = await Promise.all([
        api.post('/interactions', chat({ phone: '+33 6 11 22 33 44' }), token),
        api.post('/interactions', chat({ externalId: unique('CRM') }), token),
        api.post('/interactions', chat({ social: { network: 'x', handle: unique('@someone') } }), token),
      ]);

      expect(attempts.map((a) => a.status)).toEqual([403, 403, 403]);
      expect(attempts.map((a) => a.body.errors[0].field)).toEqual(['customer.phone', 'customer.externalId', 'customer.social']);
    });

    it('answers the same whether the identity is free or belongs to someone else', async () => {
      // Prepare: an email another profile owns, and one nobody owns.
      const owned = `${unique('owned')}@example.com`;
      await api.post('/interactions', chat({ email: owned }), agent);
      const token = await customerToken(unique('cus-prober'));

      // Act
      const onOwned = await api.post('/interactions', chat({ email: owned }), token);
      const onFree = await api.post('/interactions', chat({ email: `${unique('free')}@example.com` }), token);

      // Assess
      expect(onOwned.status).toBe(onFree.status);
      expect(onOwned.body).toEqual({ ...onFree.body, instance: onOwned.body.instance });
    });

    it('attaches the email and phone the identity provider verified, without saying what was attached', async () => {
      // Prepare
      const customerId = unique('cus-verified');
      const email = `${unique('Verified')}@Example.com`;
      const token = await customerToken(customerId, { email, email_verified: true, phone_number: '+33655443322', phone_number_verified: true });

      // Act
      const recorded = await api.post('/interactions', chat({ email: email.toLowerCase(), phone: '+33 6 55 44 33 22' }), token);

      // Assess
      expect(recorded.status).toBe(201);
      expect(recorded.body.customerId).toBe(customerId);
      expect(recorded.body).not.toHaveProperty('identitiesAdded');
      expect(recorded.body).not.toHaveProperty('possibleDuplicates');
      expect((await profileOf(customerId)).identities).toMatchObject({ emails: [email.toLowerCase()], phones: ['+33655443322'] });
    });

    it('treats an unverified email claim as unvouched', async () => {
      const email = `${unique('unverified')}@example.com`;
      const token = await customerToken(unique('cus-unverified'), { email, email_verified: false });

      const refused = await api.post('/interactions', chat({ email }), token);

      expect(refused.status).toBe(403);
    });

    it("accepts identities already on the customer's own profile", async () => {
      // Prepare: an agent put this phone on the profile.
      const phone = `+3361${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
      const created = await api.post('/interactions', { channel: 'phone', direction: 'inbound', customer: { phone } }, agent);
      const token = await customerToken(created.body.customerId);

      // Act
      const again = await api.post('/interactions', chat({ phone }), token);

      // Assess
      expect(again.status).toBe(201);
      expect(again.body.customerId).toBe(created.body.customerId);
    });

    it('does not move a verified email that another profile already owns, nor tell the customer', async () => {
      // Prepare
      const email = `${unique('shared')}@example.com`;
      const owner = await api.post('/interactions', chat({ email }), agent);
      const customerId = unique('cus-late');
      const token = await customerToken(customerId, { email, email_verified: 'true' });

      // Act
      const recorded = await api.post('/interactions', chat({ email }), token);

      // Assess
      expect(recorded.status).toBe(201);
      expect(recorded.body.customerId).toBe(customerId);
      expect(recorded.body).not.toHaveProperty('identitiesAdded');
      expect((await profileOf(owner.body.customerId)).identities.emails).toEqual([email]);
      expect((await profileOf(customerId)).identities.emails).toEqual([]);
    });
  });

  describe('who speaks for support', () => {
    const openCase = async (customerId?: string) => {
      const target = customerId ?? (await api.post('/interactions', chat({ email: `${unique('sla')}@example.com` }), agent)).body.customerId;
      const opened = await api.post('/cases', { customerId: target, subject: 'Box down', priority: 'high' }, agent);
      return opened.body as { caseId: string; customerId: string; openedAt: string };
    };

    it('refuses a customer recording an outbound reply or naming an agent, and the first-response target keeps running', async () => {
      // Prepare
      const supportCase = await openCase();
      const token = await customerToken(supportCase.customerId);
      const backdated = new Date(new Date(supportCase.openedAt).getTime() - 3_600_000).toISOString();

      // Act
      const outbound = await api.post(
        '/interactions',
        chat({ customerId: supportCase.customerId }, { direction: 'outbound', caseId: supportCase.caseId, text: 'We will refund you 500 EUR.' }),
        token,
      );
      const namedAgent = await api.post(
        '/interactions',
        chat({ customerId: supportCase.customerId }, { caseId: supportCase.caseId, agentId: 'agent-1' }),
        token,
      );
      const backdatedByCustomer = await api.post(
        '/interactions',
        chat({ customerId: supportCase.customerId }, { caseId: supportCase.caseId, occurredAt: backdated }),
        token,
      );
      const recordedBy = await api.post(
        '/interactions',
        chat({ customerId: supportCase.customerId }, { caseId: supportCase.caseId, recordedBy: 'agent' }),
        token,
      );

      // Assess
      expect([outbound.status, namedAgent.status, backdatedByCustomer.status, recordedBy.status]).toEqual([403, 403, 400, 400]);
      expect([outbound, namedAgent, backdatedByCustomer, recordedBy].map((r) => r.body.errors[0].field)).toEqual([
        'direction',
        'agentId',
        'occurredAt',
        'recordedBy',
      ]);
      const after = (await api.get(`/cases/${supportCase.caseId}`, agent)).body;
      expect(after.sla.firstResponse.state).toBe('active');
      expect((await timelineOf(supportCase.customerId)).filter((item) => item.type === 'interaction')).toHaveLength(1);
    });

    it('records what a customer says as theirs', async () => {
      const supportCase = await openCase();
      const token = await customerToken(supportCase.customerId);

      const said = await api.post('/interactions', chat({ customerId: supportCase.customerId }, { caseId: supportCase.caseId }), token);

      expect(said.status).toBe(201);
      expect(said.body).toMatchObject({ direction: 'inbound', recordedBy: 'customer' });
      expect(said.body).not.toHaveProperty('agentId');
      expect((await api.get(`/cases/${supportCase.caseId}`, agent)).body.sla.firstResponse.state).toBe('active');
    });

    it('refuses a support reply dated before the case opened, and never meets a target before it started', async () => {
      // Prepare
      const supportCase = await openCase();
      const beforeOpening = new Date(new Date(supportCase.openedAt).getTime() - 10 * 60_000).toISOString();

      // Act
      const refused = await api.post(
        '/interactions',
        {
          channel: 'email',
          direction: 'outbound',
          customer: { customerId: supportCase.customerId },
          caseId: supportCase.caseId,
          text: 'Done.',
          occurredAt: beforeOpening,
        },
        agent,
      );

      // Assess
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].field).toBe('occurredAt');
      expect((await api.get(`/cases/${supportCase.caseId}`, agent)).body.sla.firstResponse.state).toBe('active');
    });

    it("meets the target with an integration relaying a named agent's reply, not with an integration's own message", async () => {
      const relayed = await openCase();
      const botOnly = await openCase();

      await api.post(
        '/interactions',
        {
          channel: 'chatbot',
          direction: 'outbound',
          customer: { customerId: botOnly.customerId },
          caseId: botOnly.caseId,
          text: 'Your request is registered.',
        },
        integration,
      );
      await api.post(
        '/interactions',
        {
          channel: 'chat',
          direction: 'outbound',
          customer: { customerId: relayed.customerId },
          caseId: relayed.caseId,
          agentId: 'agent-12',
          text: 'I am looking at it.',
        },
        integration,
      );

      expect((await api.get(`/cases/${botOnly.caseId}`, agent)).body.sla.firstResponse.state).toBe('active');
      expect((await api.get(`/cases/${relayed.caseId}`, agent)).body.sla.firstResponse.state).toBe('met');
    });

    it('bounds how far back each role may date a contact', async () => {
      const now = Date.now();
      const ago = (ms: number) => new Date(now - ms).toISOString();
      const customer = { email: `${unique('dated')}@example.com` };

      const agentYesterday = await api.post('/interactions', chat(customer, { occurredAt: ago(20 * 3_600_000) }), agent);
      const agentTwoDays = await api.post('/interactions', chat(customer, { occurredAt: ago(48 * 3_600_000) }), agent);
      // clients/demo.json keeps the default history import window of 30 days.
      const importTwentyDays = await api.post('/interactions', chat(customer, { occurredAt: ago(20 * 86_400_000) }), integration);
      const importFortyDays = await api.post('/interactions', chat(customer, { occurredAt: ago(40 * 86_400_000) }), integration);
      const future = await api.post('/interactions', chat(customer, { occurredAt: new Date(now + 3_600_000).toISOString() }), integration);

      expect([agentYesterday.status, agentTwoDays.status, importTwentyDays.status, importFortyDays.status, future.status]).toEqual([201, 400, 201, 400, 400]);
      expect(importFortyDays.body.errors[0]).toMatchObject({ field: 'occurredAt', message: expect.stringMatching(/import window \(30 days\)/) });
    });
  });

  describe('cases', () => {
    it('refuses a customer opening a case with a priority or an assignee, as an update would, and writes nothing', async () => {
      // Prepare
      const customerId = unique('cus-case');
      const token = await customerToken(customerId);

      // Act
      const urgent = await api.post('/cases', { subject: 'Help', priority: 'urgent' }, token);
      const assigned = await api.post('/cases', { subject: 'Help', assigneeId: 'agent-friend' }, token);
      const plain = await api.post('/cases', { subject: 'Help' }, token);

      // Assess
      expect([urgent.status, assigned.status]).toEqual([403, 403]);
      expect([urgent.body.errors[0].field, assigned.body.errors[0].field]).toEqual(['priority', 'assigneeId']);
      expect(plain.status).toBe(201);
      expect(plain.body).toMatchObject({ priority: 'normal' });
      expect(plain.body).not.toHaveProperty('assigneeId');
      expect((await timelineOf(customerId)).filter((item) => item.type === 'case')).toHaveLength(1);
    });

    it('lets staff open a case with a priority and an assignee', async () => {
      const customer = await api.post('/interactions', chat({ email: `${unique('staffcase')}@example.com` }), agent);

      const opened = await api.post('/cases', { customerId: customer.body.customerId, subject: 'Outage', priority: 'urgent', assigneeId: 'agent-3' }, agent);

      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({ priority: 'urgent', assigneeId: 'agent-3' });
    });
  });
});
