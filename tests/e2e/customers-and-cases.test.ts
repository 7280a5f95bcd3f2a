import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

describe('One customer, every channel; cases; events', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let integration: string;

  const record = (customer: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    api.post('/interactions', { channel: 'email', direction: 'inbound', customer, text: 'hello', ...extra }, integration);

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    integration = await runtime.token('integration');
  });
  afterAll(() => runtime?.stop());

  describe('identities', () => {
    it('lands contacts on the same profile whatever channel and identity spelling', async () => {
      // Act
      const email = await record({ email: 'Paul@Example.com' });
      const chat = await api.post(
        '/interactions',
        { channel: 'chat', direction: 'inbound', customer: { email: 'paul@example.com', phone: '+33 7 00 00 00 01' } },
        integration,
      );
      const sms = await api.post('/interactions', { channel: 'sms', direction: 'outbound', customer: { phone: '0033700000001' } }, integration);

      // Assess
      expect(email.body.customerCreated).toBe(true);
      expect(chat.body).toMatchObject({ customerId: email.body.customerId, customerCreated: false, identitiesAdded: ['phone'] });
      expect(sms.body).toMatchObject({ customerId: email.body.customerId, customerCreated: false, identitiesAdded: [] });
    });

    it('creates one profile, not two, when two channels see the same new person at once', async () => {
      const [a, b] = await Promise.all([record({ email: 'race@example.com' }), record({ email: 'race@example.com' })]);

      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(a.body.customerId).toBe(b.body.customerId);
    });

    it('reports another profile owning one of the identities as a possible duplicate, without moving it', async () => {
      const byEmail = await record({ email: 'dup@example.com' });
      const byPhone = await record({ phone: '+33700000099' });

      const both = await record({ email: 'dup@example.com', phone: '+33700000099' });

      expect(both.body.customerId).toBe(byEmail.body.customerId);
      expect(both.body.possibleDuplicates).toEqual([byPhone.body.customerId]);
      expect((await api.get(`/customers/${byPhone.body.customerId}`, agent)).body.identities.phones).toEqual(['+33700000099']);
    });

    it('merges two profiles of one person, keeping every interaction and case', async () => {
      // Prepare
      const target = await record({ email: 'merge-target@example.com' }, { text: 'first' });
      const source = await record({ externalId: 'CRM-77' }, { channel: 'chat', text: 'second' });
      const sourceCase = await api.post('/cases', { customerId: source.body.customerId, subject: 'Billing' }, agent);

      // Act
      const merged = await api.post(`/customers/${target.body.customerId}/merge`, { sourceCustomerId: source.body.customerId }, agent);
      const again = await api.post(`/customers/${target.body.customerId}/merge`, { sourceCustomerId: source.body.customerId }, agent);
      const later = await record({ externalId: 'CRM-77' }, { text: 'third', caseId: sourceCase.body.caseId });

      // Assess
      expect(merged.status).toBe(200);
      expect(merged.body.identities).toMatchObject({ emails: ['merge-target@example.com'], externalIds: ['CRM-77'] });
      expect(merged.body.mergedFrom).toEqual([source.body.customerId]);
      expect(again.status).toBe(200);
      expect(later.body.customerId).toBe(target.body.customerId);
      const viaSource = await api.get(`/customers/${source.body.customerId}`, agent);
      expect(viaSource.body.customerId).toBe(target.body.customerId);
      const timeline = await api.get(`/customers/${target.body.customerId}/timeline`, agent);
      expect(timeline.body.items.map((item: { type: string }) => item.type)).toEqual(['interaction', 'case', 'interaction', 'interaction']);
      expect(
        timeline.body.items.filter((i: { type: string }) => i.type === 'interaction').map((i: { interaction: { text: string } }) => i.interaction.text),
      ).toEqual(['third', 'second', 'first']);
    });

    it('refuses to merge a profile into itself or into one that was merged away', async () => {
      const a = await record({ email: 'self@example.com' });
      const b = await record({ email: 'gone@example.com' });
      await api.post(`/customers/${a.body.customerId}/merge`, { sourceCustomerId: b.body.customerId }, agent);

      const self = await api.post(`/customers/${a.body.customerId}/merge`, { sourceCustomerId: a.body.customerId }, agent);
      const intoGone = await api.post(`/customers/${b.body.customerId}/merge`, { sourceCustomerId: a.body.customerId }, agent);
      const unknown = await api.post(`/customers/${a.body.customerId}/merge`, { sourceCustomerId: 'cus_nobody' }, agent);

      expect(self.status).toBe(422);
      expect(intoGone.status).toBe(409);
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].field).toBe('sourceCustomerId');
    });
  });

  describe('finding a customer', () => {
    it('finds the profile by any of its identities, as written by people', async () => {
      const recorded = await record({ email: 'Find.Me@Example.com', phone: '+33 6 99 88 77 66', externalId: 'CRM-FIND' });

      const byEmail = await api.get('/customers?email=find.me%40example.com', agent);
      const byPhone = await api.get('/customers?phone=+33699887766', agent);
      const byEncodedPhone = await api.get('/customers?phone=%2B33%206%2099%2088%2077%2066', agent);
      const byReference = await api.get('/customers?externalId=CRM-FIND', integration);

      for (const found of [byEmail, byPhone, byEncodedPhone, byReference]) {
        expect(found.status).toBe(200);
        expect(found.body.customerId).toBe(recorded.body.customerId);
      }
    });

    it('answers 404 for an unknown identity, 400 for none or two, 403 for customers', async () => {
      const customer = await runtime.token('customer', 'someone');

      expect((await api.get('/customers?email=nobody%40example.com', agent)).status).toBe(404);
      expect((await api.get('/customers', agent)).status).toBe(400);
      expect((await api.get('/customers?email=a%40b.fr&externalId=X', agent)).status).toBe(400);
      expect((await api.get('/customers?email=a%40b.fr', customer)).status).toBe(403);
    });
  });

  describe('timeline', () => {
    it('pages newest first with a cursor, every record exactly once', async () => {
      // Prepare: five contacts a minute apart.
      const first = await record({ email: 'pages@example.com' }, { occurredAt: new Date(Date.now() - 10 * 60_000).toISOString(), text: 'm0' });
      for (let i = 1; i < 5; i++) {
        await record({ email: 'pages@example.com' }, { occurredAt: new Date(Date.now() - (10 - i) * 60_000).toISOString(), text: `m${i}` });
      }

      // Act
      const texts: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await api.get(`/customers/${first.body.customerId}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`, agent);
        texts.push(...page.body.items.map((i: { interaction: { text: string } }) => i.interaction.text));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);

      // Assess
      expect(texts).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
      expect(pages).toBe(3);
    });
  });

  describe('cases', () => {
    it('moves a case through its life: pending, resolved, reopened, closed', async () => {
      const customer = await record({ email: 'case-life@example.com' });
      const opened = await api.post('/cases', { customerId: customer.body.customerId, subject: 'No signal' }, agent);

      const pending = await api.patch(`/cases/${opened.body.caseId}`, { status: 'pending', assigneeId: 'agent-1' }, agent);
      const resolved = await api.patch(`/cases/${opened.body.caseId}`, { status: 'resolved' }, agent);
      const reopened = await api.patch(`/cases/${opened.body.caseId}`, { status: 'open' }, agent);
      const closed = await api.patch(`/cases/${opened.body.caseId}`, { status: 'closed' }, agent);
      const refused = await api.patch(`/cases/${opened.body.caseId}`, { status: 'pending' }, agent);

      expect(opened.body).toMatchObject({ status: 'open', priority: 'normal', version: 1, reopenCount: 0 });
      expect(pending.body).toMatchObject({ status: 'pending', assigneeId: 'agent-1', version: 2 });
      expect(resolved.body.resolvedAt).toEqual(expect.any(String));
      expect(reopened.body).toMatchObject({ status: 'open', reopenCount: 1 });
      expect(reopened.body.resolvedAt).toBeUndefined();
      expect(closed.body.status).toBe('closed');
      expect(refused.status).toBe(409);
      expect(refused.body.errors[0].field).toBe('status');
      expect((await api.get(`/cases/${opened.body.caseId}`, agent)).body).toEqual(closed.body);
    });

    it('refuses to record a contact on another customer’s case', async () => {
      const owner = await record({ email: 'owner@example.com' });
      const opened = await api.post('/cases', { customerId: owner.body.customerId, subject: 'Mine' }, agent);

      const other = await record({ email: 'other-person@example.com' }, { caseId: opened.body.caseId });

      expect(other.status).toBe(422);
      expect(other.body.errors[0].field).toBe('caseId');
    });
  });

  describe('events', () => {
    it('publishes each change once on the bus, with the caller’s correlation id and no message text', async () => {
      // Act
      const recorded = await api.post(
        '/interactions',
        { channel: 'email', direction: 'inbound', customer: { email: 'events@example.com' }, text: 'secret words' },
        integration,
        { 'x-correlation-id': 'corr-events-1' },
      );
      const opened = await api.post('/cases', { customerId: recorded.body.customerId, subject: 'Events' }, agent, { 'x-correlation-id': 'corr-events-2' });
      await api.patch(`/cases/${opened.body.caseId}`, { status: 'resolved' }, agent);
      await runtime.relayIdle();

      // Assess
      // The changes this caller made; the resolved notice the notification worker then suppresses
      // (no consent) publishes NotificationSuppressed on its own time, under its own correlation id.
      const mine = runtime
        .events()
        .filter((event) => JSON.stringify(event.detail).includes(recorded.body.customerId) && event.source !== 'support.notifications')
        .map((event) => ({
          type: event['detail-type'],
          source: event.source,
          detail: event.detail as { metadata: { correlationId: string; eventId: string }; data: Record<string, unknown> },
        }));
      expect(mine.map((e) => e.type)).toEqual(['CustomerCreated.v1', 'InteractionRecorded.v1', 'CaseOpened.v1', 'CaseUpdated.v1']);
      expect(mine[1]).toMatchObject({
        source: 'support.interactions',
        detail: { metadata: { correlationId: 'corr-events-1' }, data: { interactionId: recorded.body.interactionId, textLength: 12 } },
      });
      expect(mine[2]!.detail.metadata.correlationId).toBe('corr-events-2');
      expect(mine[3]!.detail.data).toMatchObject({ changes: { status: { from: 'open', to: 'resolved' } }, reopened: false });
      expect(JSON.stringify(mine)).not.toContain('secret words');
      expect(new Set(mine.map((e) => e.detail.metadata.eventId)).size).toBe(4);
    });
  });
});
