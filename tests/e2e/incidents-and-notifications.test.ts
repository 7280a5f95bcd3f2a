import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

describe('Incidents and case notifications: customers hear first, once, with consent', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let supervisor: string;

  /** A customer with a phone and an email, in a zone, with these preferences. */
  const customer = async (zone: string, preferences?: object) => {
    const tag = Math.random().toString(36).slice(2, 8);
    const created = await api.post(
      '/interactions',
      { channel: 'phone', direction: 'inbound', customer: { email: `${tag}@example.com`, phone: `+3361${Math.floor(1e7 + Math.random() * 8e7)}` } },
      agent,
    );
    const customerId = created.body.customerId as string;
    await api.patch(`/customers/${customerId}`, { segments: { zone } }, agent);
    if (preferences) await api.put(`/customers/${customerId}/preferences`, preferences, agent);
    return customerId;
  };
  const messagesTo = (customerId: string) => runtime.webhooks.received().filter((w) => w.target === 'messaging' && w.body.data.customerId === customerId);
  const timelineNotifications = async (customerId: string) =>
    (await api.get(`/customers/${customerId}/timeline?limit=100`, agent)).body.items
      .filter((i: { type: string }) => i.type === 'notification')
      .map((i: { notification: unknown }) => i.notification);

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    supervisor = await runtime.token('supervisor');
  });
  afterAll(() => runtime?.stop());

  it('keeps preferences per customer: customers set their own, nothing is consented by default', async () => {
    const customerId = await customer('nowhere');
    const own = await runtime.token('customer', customerId);

    const before = await api.get(`/customers/${customerId}/preferences`, own);
    const put = await api.put(
      `/customers/${customerId}/preferences`,
      { consent: { sms: true }, preferredChannel: 'sms', language: 'fr', quietHours: { from: '21:00', to: '08:00' } },
      own,
    );
    const bad = await api.put(`/customers/${customerId}/preferences`, { consent: { sms: true }, preferredChannel: 'email' }, own);
    const other = await api.get(`/customers/${await customer('nowhere')}/preferences`, own);

    expect(before.body).toEqual({ customerId, consent: {} });
    expect(put.body).toMatchObject({ consent: { sms: true }, preferredChannel: 'sms', language: 'fr', quietHours: { from: '21:00', to: '08:00' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('preferredChannel');
    expect(other.status).toBe(403);
  });

  it('tells every consenting affected customer once, suppresses the others with the reason, and counts it all', async () => {
    // Prepare: three consenting customers in the zone, one without consent, one elsewhere.
    const zone = `zone-${Math.random().toString(36).slice(2, 8)}`;
    const consenting = [
      await customer(zone, { consent: { sms: true } }),
      await customer(zone, { consent: { email: true }, language: 'fr' }),
      await customer(zone, { consent: { app_push: true } }),
    ];
    const silent = await customer(zone);
    const elsewhere = await customer(`${zone}-other`, { consent: { sms: true } });

    // Act
    const declared = await api.post(
      '/incidents',
      {
        title: 'Fibre outage',
        severity: 'critical',
        affected: { zone: [zone] },
        messages: { en: 'Fibre is down in your area; back by 18:00.', fr: 'La fibre est coupée dans votre secteur ; retour vers 18 h.' },
      },
      supervisor,
    );
    await runtime.settled();

    // Assess
    expect(declared.status).toBe(201);
    for (const customerId of consenting) expect(messagesTo(customerId), customerId).toHaveLength(1);
    expect(messagesTo(consenting[0]!)[0]!.body.data).toMatchObject({
      channel: 'sms',
      language: 'en',
      text: 'Fibre is down in your area; back by 18:00.',
      incidentId: declared.body.incidentId,
    });
    expect(messagesTo(consenting[1]!)[0]!.body.data).toMatchObject({ channel: 'email', language: 'fr', text: expect.stringContaining('La fibre') });
    expect(messagesTo(silent)).toEqual([]);
    expect(messagesTo(elsewhere)).toEqual([]);
    expect(await timelineNotifications(silent)).toMatchObject([{ kind: 'incident', status: 'suppressed', reason: 'no_consent' }]);
    expect(await timelineNotifications(consenting[0]!)).toMatchObject([{ kind: 'incident', status: 'sent', channel: 'sms' }]);
    const incident = await api.get(`/incidents/${declared.body.incidentId}`, agent);
    expect(incident.body.deliveries).toEqual({ sent: 3, suppressed: 1, deferred: 0, failed: 0 });
  });

  it('notifies nobody twice when the fan-out messages are delivered again, and tells the same audience of updates and the resolution', async () => {
    const zone = `zone-${Math.random().toString(36).slice(2, 8)}`;
    const customerId = await customer(zone, { consent: { sms: true } });
    const declared = await api.post(
      '/incidents',
      { title: 'Mobile data', severity: 'major', affected: { zone: [zone] }, messages: { en: 'Mobile data is slow.' } },
      supervisor,
    );
    await runtime.settled();
    const sqs = new SQSClient(localAwsClientConfig(runtime.endpoints.sqs));

    // At-least-once: the first audience page and a delivery group arrive again.
    const { incidentId } = declared.body;
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.queues.notifications.url,
        MessageBody: JSON.stringify({ kind: 'audience', incidentId, revision: 1, from: 'segments', position: 0 }),
      }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.queues.notifications.url,
        MessageBody: JSON.stringify({ kind: 'deliver', incidentId, revision: 1, customerIds: [customerId] }),
      }),
    );
    await runtime.settled();
    expect(messagesTo(customerId)).toHaveLength(1);

    await api.patch(`/incidents/${incidentId}`, { messages: { en: 'Mobile data is back to normal in most areas.' } }, supervisor);
    await runtime.settled();
    const resolved = await api.patch(`/incidents/${incidentId}`, { status: 'resolved' }, supervisor);
    await runtime.settled();

    expect(resolved.body).toMatchObject({ status: 'resolved', revision: 3 });
    expect(messagesTo(customerId).map((m) => m.body.data.text)).toEqual([
      'Mobile data is slow.',
      'Mobile data is back to normal in most areas.',
      'The incident "Mobile data" is resolved. Thank you for your patience.',
    ]);
    expect(messagesTo(customerId).map((m) => m.body.data.kind)).toEqual(['incident', 'incidentUpdated', 'incidentResolved']);
    expect((await api.patch(`/incidents/${incidentId}`, { title: 'again' }, supervisor)).status).toBe(409);
  });

  it('keeps the audience: those told hear every later revision after leaving the segment; a customer joining it hears the current state once, as a first notice', async () => {
    // Prepare: A in the zone when it is declared; B and C elsewhere.
    const zone = `zone-${Math.random().toString(36).slice(2, 8)}`;
    const elsewhere = `${zone}-elsewhere`;
    const [a, b, c] = [
      await customer(zone, { consent: { sms: true } }),
      await customer(elsewhere, { consent: { sms: true } }),
      await customer(elsewhere, { consent: { sms: true } }),
    ];
    const declared = await api.post(
      '/incidents',
      { title: 'Power cut', severity: 'major', affected: { zone: [zone] }, messages: { en: 'Power is cut in your area.' } },
      supervisor,
    );
    const { incidentId } = declared.body;
    await runtime.settled();

    // Act: A moves out, B moves in; the update; C moves in; the resolution.
    await api.patch(`/customers/${a}`, { segments: { zone: elsewhere } }, agent);
    await api.patch(`/customers/${b}`, { segments: { zone } }, agent);
    await runtime.settled();
    await api.patch(`/incidents/${incidentId}`, { messages: { en: 'Power is back in some streets.' } }, supervisor);
    await runtime.settled();
    await api.patch(`/customers/${c}`, { segments: { zone } }, agent);
    await runtime.settled();
    await api.patch(`/incidents/${incidentId}`, { status: 'resolved' }, supervisor);
    await runtime.settled();

    // Assess
    const heard = (customerId: string) => messagesTo(customerId).map((m) => [m.body.data.kind, m.body.data.text]);
    const resolved = ['incidentResolved', 'The incident "Power cut" is resolved. Thank you for your patience.'];
    expect(heard(a)).toEqual([['incident', 'Power is cut in your area.'], ['incidentUpdated', 'Power is back in some streets.'], resolved]);
    expect(heard(b)).toEqual([['incident', 'Power is cut in your area.'], ['incidentUpdated', 'Power is back in some streets.'], resolved]);
    expect(heard(c)).toEqual([['incident', 'Power is back in some streets.'], resolved]);
  }, 120_000);

  it('tells each customer the latest state, each revision once and in order, when the update and the resolution come back to back', async () => {
    // Prepare: 30 customers (two delivery groups).
    const zone = `zone-${Math.random().toString(36).slice(2, 8)}`;
    const audience = await Promise.all(Array.from({ length: 30 }, () => customer(zone, { consent: { sms: true } })));
    const texts = [
      'Voice calls fail in your area.',
      'Voice calls work again for most of you.',
      'The incident "Voice" is resolved. Thank you for your patience.',
    ];

    // Act: the three revisions, without waiting for any fan-out.
    const declared = await api.post('/incidents', { title: 'Voice', severity: 'critical', affected: { zone: [zone] }, messages: { en: texts[0] } }, supervisor);
    await api.patch(`/incidents/${declared.body.incidentId}`, { messages: { en: texts[1] } }, supervisor);
    await api.patch(`/incidents/${declared.body.incidentId}`, { status: 'resolved' }, supervisor);
    await runtime.settled();

    // Assess: whatever the timing, each customer heard a strictly later revision each time (no
    // text twice, never an older one after a newer one), and the resolution last.
    for (const customerId of audience) {
      const heard = messagesTo(customerId).map((m) => texts.indexOf(m.body.data.text as string));
      expect(heard.at(-1), customerId).toBe(2);
      expect(
        heard.every((revision, i) => revision >= 0 && (i === 0 || revision > heard[i - 1]!)),
        `${customerId}: ${heard.join(', ')}`,
      ).toBe(true);
    }
  }, 120_000);

  it('lists the active incidents: staff see all, filtered by segment and paged; a customer sees those affecting them', async () => {
    // Prepare: two active incidents in two zones, one resolved.
    const zone = `zone-${Math.random().toString(36).slice(2, 8)}`;
    const other = `${zone}-b`;
    const declare = async (title: string, zones: string[]) =>
      (await api.post('/incidents', { title, severity: 'minor', affected: { zone: zones }, messages: { en: title } }, supervisor)).body.incidentId as string;
    const first = await declare('First', [zone]);
    const second = await declare('Second', [other]);
    const gone = await declare('Gone', [zone]);
    await api.patch(`/incidents/${gone}`, { status: 'resolved' }, supervisor);
    const customerId = await customer(zone);
    const own = await runtime.token('customer', customerId);

    // Act
    const inZone = await api.get(`/incidents?segment=zone:${zone}`, agent);
    const both = [await api.get(`/incidents?limit=1`, agent)];
    const mine = await api.get('/incidents', own);
    const mineElsewhere = await api.get(`/incidents?segment=zone:${other}`, own);
    const badSegment = await api.get('/incidents?segment=planet:mars', agent);
    const badCursor = await api.get('/incidents?cursor=abc', agent);

    // Assess
    expect(inZone.status).toBe(200);
    expect(inZone.body.items.map((i: { incidentId: string }) => i.incidentId)).toEqual([first]);
    expect(inZone.body.items[0]).toMatchObject({ title: 'First', status: 'active', severity: 'minor', revision: 1, messages: { en: 'First' } });
    // Newest first, one per page: every active incident is reached by following the cursors.
    const seen: string[] = [];
    for (let page = both[0]!; ; ) {
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: { incidentId: string }) => i.incidentId));
      if (!page.body.nextCursor) break;
      page = await api.get(`/incidents?limit=1&cursor=${page.body.nextCursor}`, agent);
    }
    expect(seen.indexOf(second)).toBeLessThan(seen.indexOf(first));
    expect(seen).not.toContain(gone);
    expect(mine.body.items.map((i: { incidentId: string }) => i.incidentId)).toEqual([first]);
    expect(mine.body.items[0].declaredBy).toBeUndefined();
    expect(mineElsewhere.body.items).toEqual([]);
    expect([badSegment.status, badSegment.body.errors?.[0]?.field]).toEqual([400, 'segment']);
    expect(badCursor.status).toBe(400);
  });

  it('holds a non-urgent message back during quiet hours and sends it when they end', async () => {
    const zone = `zone-${Math.random().toString(36).slice(2, 8)}`;
    // Quiet all day but one minute: whatever the time of the run, this is quiet hours (or its last minute).
    const customerId = await customer(zone, { consent: { sms: true }, quietHours: { from: '00:00', to: '23:59' } });
    const declared = await api.post(
      '/incidents',
      { title: 'Planned works', severity: 'minor', affected: { zone: [zone] }, messages: { en: 'Planned works tonight.' } },
      supervisor,
    );
    await runtime.settled();
    const [held] = await timelineNotifications(customerId);
    if (held.status === 'sent') return; // The run fell in the one open minute: nothing to hold back.

    // One vocabulary: the timeline and the incident's counts both say `deferred`.
    expect(held).toMatchObject({ status: 'deferred', deferredUntil: expect.any(String) });
    expect((await api.get(`/incidents/${declared.body.incidentId}`, agent)).body.deliveries).toMatchObject({ deferred: 1, sent: 0 });
    expect(messagesTo(customerId)).toEqual([]);
    await runtime.runSchedule('dispatcher', new Date(new Date(held.deferredUntil).getTime() + 1000));
    await runtime.settled();

    expect(messagesTo(customerId)).toHaveLength(1);
    expect((await api.get(`/incidents/${declared.body.incidentId}`, agent)).body.deliveries).toMatchObject({ sent: 1, deferred: 0 });
    expect((await timelineNotifications(customerId))[0]).toMatchObject({ status: 'sent' });
  });

  it('marks a contact during an incident, shows the incident first in the case context, and counts it', async () => {
    const zone = `zone-${Math.random().toString(36).slice(2, 8)}`;
    const customerId = await customer(zone);
    const declared = await api.post(
      '/incidents',
      { title: 'Box reboot loop', severity: 'major', affected: { zone: [zone] }, messages: { en: 'Known issue.' } },
      supervisor,
    );
    const supportCase = (await api.post('/cases', { customerId, subject: 'Box keeps rebooting' }, agent)).body;

    const contact = await api.post(
      '/interactions',
      { channel: 'chat', direction: 'inbound', customer: { customerId }, caseId: supportCase.caseId, text: 'My box reboots all the time' },
      agent,
    );
    const context = await api.get(`/cases/${supportCase.caseId}/context`, agent);

    expect(contact.body.incidentIds).toEqual([declared.body.incidentId]);
    expect(Object.keys(context.body)[0]).toBe('incidents');
    expect(context.body.incidents).toMatchObject([{ incidentId: declared.body.incidentId, title: 'Box reboot loop' }]);
    expect((await api.get(`/incidents/${declared.body.incidentId}`, agent)).body.contactsDuringIncident).toBe(1);
  });

  it('tells the customer when their case is escalated (the team; no wait when the queue gives none) and resolved (with the survey)', async () => {
    const customerId = await customer('case-zone', { consent: { email: true } });
    const supportCase = (await api.post('/cases', { customerId, subject: 'Invoice too high' }, agent)).body;

    await api.post(`/cases/${supportCase.caseId}/escalations`, { skill: 'billing', reason: 'Needs a refund' }, agent);
    await runtime.settled();
    await api.patch(`/cases/${supportCase.caseId}`, { status: 'resolved' }, agent);
    await runtime.settled();

    const texts = messagesTo(customerId).map((m) => m.body.data.text as string);
    expect(texts).toHaveLength(2);
    // Nothing else waits in the queue: no estimate to give, so no "about 1 min".
    expect(texts[0]).toBe('Your request "Invoice too high" is now with our Level 1 pool team.');
    // Our survey's link (clients/demo.json `surveys.pageUrl`), with its single-use token (tests/e2e/surveys.test.ts).
    expect(texts[1]).toMatch(
      /^Your request "Invoice too high" is resolved\. One question: are you satisfied\? https:\/\/survey\.demo\.example\.com\/s\/[A-Za-z0-9_-]{22}$/,
    );
  });

  it('refuses bad incidents with the field named, and only supervisors declare them', async () => {
    const noSegment = await api.post('/incidents', { title: 'x', severity: 'minor', affected: {}, messages: { en: 'x' } }, supervisor);
    const noMessage = await api.post('/incidents', { title: 'x', severity: 'minor', affected: { zone: ['a'] }, messages: {} }, supervisor);
    const byAgent = await api.post('/incidents', { title: 'x', severity: 'minor', affected: { zone: ['a'] }, messages: { en: 'x' } }, agent);

    expect([noSegment.status, noMessage.status, byAgent.status]).toEqual([400, 400, 403]);
    expect(noSegment.body.errors[0].field).toBe('affected');
    expect(noMessage.body.errors[0].field).toBe('messages');
  });
});
