import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime } from '../helpers/runtime';

/**
 * Erasure end to end (issue 14's "Done means"): a customer with contacts on four channels, a
 * merged profile, a case, a callback, a notification, preferences, segments and a self-care
 * session is erased through the API and the worker; then a scan of every table finds none of
 * what identified them or what they said, the case stays anonymised, the self-care report's and
 * the queues' figures of the day are unchanged, and a new contact with the same email makes a
 * new profile. The stored responses of their Idempotency-Key requests go with them, at once: a
 * retry after the erasure is not answered with what was erased.
 */
describe('Erasure', { timeout: 120_000 }, () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let supervisor: string;
  let db: DynamoDBClient;
  const tag = Math.random().toString(36).slice(2, 8);
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    supervisor = await runtime.token('supervisor');
    db = new DynamoDBClient(localAwsClientConfig(runtime.endpoints.dynamodb));
  });
  afterAll(() => runtime?.stop());

  /** Every item of a table, as JSON text: what a scan would find. */
  const scanText = async (table: string) => {
    const items: unknown[] = [];
    for await (const page of paginateScan({ client: db }, { TableName: table })) items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    return JSON.stringify(items).toLowerCase();
  };
  const waitForStatus = async (requestId: string, token: string) => {
    await runtime.settled();
    return (await api.get(`/erasure-requests/${requestId}`, token)).body;
  };

  it('erases a customer everywhere, keeps the anonymised case and the figures, and frees the email', async () => {
    // Prepare: the person, on four channels, with a second profile merged into theirs.
    const who = {
      email: `jeanne.erase.${tag}@example.com`,
      phone: `+3361${String(Math.floor(1e6 + Math.random() * 8e6)).padStart(7, '0')}`,
      externalId: `CRM-ERASE-${tag}`,
      handle: `jeanne_erase_${tag}`,
      name: `Jeanne Effacée ${tag}`,
    };
    const texts = [
      `My box ${tag} is down, I am ${who.name}`,
      `Chat ${tag}: still no internet at 12 rue des Lilas`,
      `SMS ${tag}: please call me back`,
      `Social ${tag}: your service is terrible`,
    ];
    const first = await api.post(
      '/interactions',
      { channel: 'email', direction: 'inbound', customer: { email: who.email, externalId: who.externalId }, text: texts[0], metadata: { name: who.name } },
      agent,
      { 'idempotency-key': `erase-${tag}` },
    );
    const customerId = first.body.customerId as string;
    // A chat integration's batch, the contact with its own key (its stored result repeats the text too).
    const batch = await api.post(
      '/interactions:batch',
      { contacts: [{ channel: 'chat', direction: 'inbound', customer: { customerId }, text: texts[1], idempotencyKey: `erase-chat-${tag}` }] },
      agent,
    );
    expect(batch.body.results[0].status).toBe(201);
    const other = await api.post('/interactions', { channel: 'sms', direction: 'inbound', customer: { phone: who.phone }, text: texts[2] }, agent);
    expect((await api.post(`/customers/${customerId}/merge`, { sourceCustomerId: other.body.customerId }, agent)).status).toBe(200);
    await api.post(
      '/interactions',
      { channel: 'social', direction: 'inbound', customer: { customerId, social: { network: 'instagram', handle: who.handle } }, text: texts[3] },
      agent,
    );
    await api.patch(`/customers/${customerId}`, { segments: { zone: `erase-zone-${tag}` } }, agent);
    await api.put(`/customers/${customerId}/preferences`, { consent: { email: true, sms: true }, preferredChannel: 'email' }, agent);
    const subject = `Internet down ${tag} at ${who.name}'s`;
    // With Idempotency-Keys, as integrations send them: each stored response repeats what was said.
    const supportCase = (
      await api.post('/cases', { customerId, subject, description: `Described by ${who.name}` }, agent, { 'idempotency-key': `erase-case-${tag}` })
    ).body;
    const reason = `Refund for ${who.name}`;
    await api.post(`/cases/${supportCase.caseId}/escalations`, { skill: 'billing', reason }, agent, { 'idempotency-key': `erase-escalation-${tag}` });
    const customer = await runtime.token('customer', customerId, { claims: { phone_number: who.phone, phone_number_verified: true } });
    const callback = await api.post('/callbacks', { phone: who.phone, reason: `Call ${who.name}`, when: 'asap', scheduleIfClosed: true }, customer, {
      'idempotency-key': `erase-callback-${tag}`,
    });
    expect(callback.status).toBe(201);
    const session = (await api.post('/selfcare/sessions', {})).body;
    const handover = await api.post(`/selfcare/sessions/${session.sessionId}/handover`, {
      channel: 'email',
      customer: { email: who.email },
      message: `Selfcare ${tag}`,
    });
    expect(handover.status).toBe(201);
    await runtime.settled();
    await api.patch(`/cases/${supportCase.caseId}`, { status: 'resolved' }, agent);
    await runtime.settled();
    // The resolved notice carried a survey link: they answer it, with a comment that names them.
    const link = runtime.webhooks
      .received()
      .filter((w) => w.target === 'messaging' && w.body.data.customerId === customerId)
      .map((w) => /\/s\/([A-Za-z0-9_-]{22})/.exec(w.body.data.text as string)?.[1])
      .find(Boolean);
    const comment = `Thanks from ${who.name}, ${tag}`;
    expect((await api.post(`/surveys/${link}/responses`, { answers: { csat: 4 }, comment })).status).toBe(201);
    await runtime.settled();
    const timeline = (await api.get(`/customers/${customerId}/timeline?limit=100`, agent)).body.items as { type: string }[];
    expect(new Set(timeline.map((item) => item.type))).toEqual(new Set(['interaction', 'case', 'notification', 'callback', 'survey']));
    const kpiDay = new Intl.DateTimeFormat('en-CA', { timeZone: demoConfig.timezone }).format(new Date());
    const figures = async () => ({
      kpis: (await api.get(`/kpis?from=${kpiDay}&to=${kpiDay}&groupBy=channel`, supervisor)).body,
      selfcare: (await api.get(`/reports/selfcare?from=${today}&to=${today}&locale=en`, supervisor)).body,
      queues: (await api.get('/queues', supervisor)).body,
    });
    const before = await figures();
    expect(await scanText(runtime.names.dataTable)).toContain(who.email);
    const stored = await scanText(runtime.names.idempotencyTable);
    for (const value of [texts[0]!, texts[1]!, subject, reason, who.phone]) expect(stored, value).toContain(value.toLowerCase());

    // Act: the customer asks for it; a supervisor asking again gets the same request.
    const requested = await api.post(`/customers/${customerId}/erasure`, undefined, customer);
    const again = await api.post(`/customers/${customerId}/erasure`, undefined, supervisor);
    const done = await waitForStatus(requested.body.requestId, customer);

    // Assess: accepted with a due date a month on; the second request is the first.
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ status: 'accepted', requesterRole: 'customer' });
    expect(new Date(requested.body.dueBy).getTime() - new Date(requested.body.requestedAt).getTime()).toBeGreaterThanOrEqual(28 * 86_400_000);
    expect(again.body.requestId).toBe(requested.body.requestId);
    expect(done).toMatchObject({
      status: 'completed',
      counts: {
        identities: 4,
        interactions: 5,
        notifications: 2,
        callbacks: 1,
        cases: 2,
        escalations: 1,
        selfcareSessions: 1,
        surveys: 1,
        profiles: 2,
        segmentMemberships: 1,
        idempotencyRecords: 5,
      },
    });
    // Nothing that identified them or that they said, in any table, the stored responses of their
    // Idempotency-Key requests included: gone with the erasure, not left to their retention.
    const erasedValues = [who.email, who.phone, who.externalId, who.handle, who.name, ...texts, subject, reason, `Selfcare ${tag}`, comment];
    for (const table of [runtime.names.dataTable, runtime.names.idempotencyTable]) {
      const text = await scanText(table);
      for (const value of erasedValues) expect(text, `${value} in ${table}`).not.toContain(value.toLowerCase());
    }
    // Nothing is left under the customer's key either (the self-care follow-up note, the survey
    // fatigue mark, the references of their requests).
    const partition = JSON.parse(await scanText(runtime.names.dataTable)).filter((item: { pk: string }) => item.pk === `customer#${customerId}`.toLowerCase());
    expect(partition).toEqual([]);
    // The anonymised case stays, with its status, priority, times and queue.
    const kept = await api.get(`/cases/${supportCase.caseId}`, supervisor);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({
      caseId: supportCase.caseId,
      status: 'resolved',
      priority: supportCase.priority,
      subject: '[erased]',
      openedAt: supportCase.openedAt,
    });
    expect(kept.body.description).toBeUndefined();
    expect(kept.body.escalation.queue).toBeDefined();
    // The figures of the day do not change when a customer leaves.
    expect(await figures()).toEqual(before);
    // The profile is gone; the email is free: a new contact makes a new profile.
    expect((await api.get(`/customers/${customerId}`, agent)).status).toBe(404);
    const anew = await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email: who.email }, text: 'Hello again' }, agent);
    expect(anew.body).toMatchObject({ customerCreated: true });
    expect(anew.body.customerId).not.toBe(customerId);
    // The client's other systems are told, with ids only.
    const erased = runtime.events().filter((event) => event['detail-type'] === 'CustomerErased.v1');
    expect(erased.map((event) => (event.detail as { data: unknown }).data)).toEqual([
      { requestId: requested.body.requestId, customerId, mergedCustomerIds: [other.body.customerId], requestedAt: requested.body.requestedAt },
    ]);
    expect(runtime.webhooks.received().some((w) => w.target === 'workforce' && w.body.type === 'CustomerErased.v1')).toBe(true);
    // The erasure record keeps no customer id once done.
    const record = JSON.stringify((await scanText(runtime.names.dataTable)).match(/"pk":"erasure#[^}]*}/g));
    expect(record).not.toContain(customerId.toLowerCase());
    // A retry of the first contact, with its key, after the erasure: recorded again as sent (on the
    // profile that now owns the email), never answered with the erased customer's stored response.
    const retried = await api.post(
      '/interactions',
      { channel: 'email', direction: 'inbound', customer: { email: who.email, externalId: who.externalId }, text: texts[0], metadata: { name: who.name } },
      agent,
      { 'idempotency-key': `erase-${tag}` },
    );
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.body.customerId).not.toBe(customerId);
  });

  it('lets only the customer themselves or a supervisor ask, and shows a request only to them', async () => {
    const a = (await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email: `a-${tag}@example.com` } }, agent)).body.customerId;
    const b = (await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email: `b-${tag}@example.com` } }, agent)).body.customerId;
    const asA = await runtime.token('customer', a);

    expect((await api.post(`/customers/${b}/erasure`, undefined, asA)).status).toBe(403);
    expect((await api.post(`/customers/${a}/erasure`, undefined, agent)).status).toBe(403);
    expect((await api.post('/customers/nobody-here/erasure', undefined, supervisor)).status).toBe(404);
    const ofB = (await api.post(`/customers/${b}/erasure`, undefined, supervisor)).body;
    expect(ofB.requesterRole).toBe('supervisor');
    expect((await api.get(`/erasure-requests/${ofB.requestId}`, asA)).status).toBe(404);
    expect((await api.get('/erasure-requests/not-an-id', supervisor)).body.errors[0].field).toBe('requestId');
    await runtime.settled();
    expect((await api.get(`/erasure-requests/${ofB.requestId}`, supervisor)).body.status).toBe('completed');
  });
});
