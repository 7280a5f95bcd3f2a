import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventData, events } from '../../functions/domain/events';
import { newId } from '../../functions/domain/ids';
import { dayIn } from '../../functions/domain/kpi-counters';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime } from '../helpers/runtime';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

/**
 * KPIs and weak signals end to end: events on the local bus reach the KPI consumer through its
 * rule and queue; supervisors read the figures and the surges over HTTP, hear of a surge by
 * webhook and declare its incident in one call.
 */
describe('KPIs and surges over HTTP', { timeout: 180_000 }, () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let supervisor: string;
  let bus: EventBridgeClient;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    [agent, supervisor] = await Promise.all([runtime.token('agent'), runtime.token('supervisor')]);
    bus = new EventBridgeClient({ endpoint: runtime.endpoints.eventBus, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    bus?.destroy();
    await runtime?.stop();
  });

  /** Publishes an event on the client's bus, as the outbox relay would. */
  const publish = async <N extends keyof typeof events>(name: N, data: EventData<N>) => {
    const definition = events[name];
    const occurredAt = new Date().toISOString();
    const metadata = { eventId: newId('event'), eventType: definition.detailType, occurredAt, clientId: demoConfig.clientId, correlationId: 'kpis-test' };
    await bus.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: runtime.names.eventBus, Source: definition.source, DetailType: definition.detailType, Detail: JSON.stringify({ metadata, data }) },
        ],
      }),
    );
  };

  it("gives today's CSAT, CES and preference from the survey answers the consumer counted (once each)", async () => {
    // Prepare: a low answer and a good one, on chat, in the standard queue; one offered without answer.
    const answered = (answers: EventData<'SurveyAnswered'>['answers']): EventData<'SurveyAnswered'> => ({
      surveyId: newId('event'),
      customerId: 'cus-kpi',
      trigger: 'case_resolved',
      channel: 'chat',
      answeredOn: 'web_selfcare',
      queue: 'standard',
      team: 'Level 1 pool',
      priority: 'normal',
      answers,
      hasComment: false,
      offeredAt: new Date().toISOString(),
    });
    for (let i = 0; i < 3; i++)
      await publish('SurveyOffered', {
        surveyId: newId('event'),
        customerId: 'cus-kpi',
        trigger: 'case_resolved',
        channel: 'chat',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    await publish('SurveyAnswered', answered({ csat: 2, ces: 6, preference: 'no' }));
    await publish('SurveyAnswered', answered({ csat: 4, ces: 2, preference: 'yes' }));
    await runtime.settled();
    const today = dayIn(demoConfig.timezone, new Date());

    // Act
    const kpis = await api.get(`/kpis?from=${today}&to=${today}&groupBy=queue`, supervisor);

    // Assess
    expect(kpis.status).toBe(200);
    expect(kpis.body.totals.surveys).toMatchObject({
      csat: { rate: 0.5, responses: 2 },
      ces: { mean: 4, responses: 2 },
      preference: { rate: 0.5, yes: 1, no: 1, responses: 2 },
      responseRate: { answered: 2, offered: 3 },
    });
    expect(kpis.body.groups).toEqual([
      expect.objectContaining({ key: 'standard', surveys: expect.objectContaining({ csat: { rate: 0.5, satisfied: 1, responses: 2 } }) }),
    ]);
    expect(kpis.body.timezone).toBe('Europe/Paris');
  });

  it('raises one surge for 30 "no internet" contacts from zone 75011 in minutes, tells the supervisors once, and declares its incident in one call', async () => {
    // Prepare: three customers of zone 75011, quiet until now.
    const customers: string[] = [];
    for (const n of [1, 2, 3]) {
      const first = await api.post(
        '/interactions',
        { channel: 'email', direction: 'inbound', customer: { email: `zone-${n}-${Date.now()}@example.com` } },
        agent,
      );
      await api.patch(`/customers/${first.body.customerId}`, { segments: { zone: '75011' } }, agent);
      customers.push(first.body.customerId);
    }

    // Act: 30 contacts about the outage.
    for (let i = 0; i < 30; i++) {
      const recorded = await api.post(
        '/interactions',
        { channel: 'chat', direction: 'inbound', customer: { customerId: customers[i % 3] }, text: 'No internet since this morning.' },
        agent,
      );
      expect(recorded.status).toBe(201);
    }
    await runtime.settled();
    const surges = await api.get('/surges', supervisor);
    const inZone = surges.body.surges.filter((s: { segment: { value: string } }) => s.segment.value === '75011');
    const told = runtime.webhooks.received().filter((w) => w.target === 'supervisor' && w.eventType === 'SurgeDetected.v1');
    const declared = await api.post(
      `/surges/${inZone[0]?.surgeId}/incident`,
      { severity: 'major', messages: { en: 'We are looking into an internet outage in your area.' } },
      supervisor,
    );
    const again = await api.post(`/surges/${inZone[0]?.surgeId}/incident`, { severity: 'major', messages: { en: 'Again.' } }, supervisor);
    const listed = await api.get('/surges', supervisor);

    // Assess
    expect(inZone).toHaveLength(1);
    expect(inZone[0]).toMatchObject({ intent: 'outage', segment: { attribute: 'zone', value: '75011' }, suggestedIncident: { affected: { zone: ['75011'] } } });
    expect(told.map((w) => w.body.data.surgeId)).toEqual([inZone[0].surgeId]);
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ affected: { zone: ['75011'] }, severity: 'major', title: inZone[0].suggestedIncident.title });
    expect(again.status).toBe(409);
    expect(listed.body.surges.find((s: { surgeId: string }) => s.surgeId === inZone[0].surgeId).incidentId).toBe(declared.body.incidentId);
    const today = dayIn(demoConfig.timezone, new Date());
    const kpis = await api.get(`/kpis?from=${today}&to=${today}&groupBy=channel`, supervisor);
    expect(kpis.body.totals.contactsPerChannel.find((c: { channel: string }) => c.channel === 'chat').contacts).toBe(30);
  });

  it("counts today's notifications: sent on their channel, suppressed with the reason, one held back by quiet hours only once it is sent", async () => {
    // Prepare: three customers with a case each; one consented to email, one to nothing, one to email but quiet all day but a minute.
    const today = dayIn(demoConfig.timezone, new Date());
    const figures = async () => {
      const read = await api.get(`/kpis?from=${today}&to=${today}&groupBy=channel`, supervisor);
      expect(read.status).toBe(200);
      const email = read.body.groups.find((g: { key: string }) => g.key === 'email');
      return { ...read.body.totals.notifications, sentByEmail: email?.notifications.sent ?? 0 };
    };
    const customer = async (preferences: object) => {
      const tag = Math.random().toString(36).slice(2, 10);
      const created = await api.post('/interactions', { channel: 'phone', direction: 'inbound', customer: { email: `ntf-${tag}@example.com` } }, agent);
      await api.put(`/customers/${created.body.customerId}/preferences`, { language: 'en', ...preferences }, agent);
      return created.body.customerId as string;
    };
    const consenting = await customer({ consent: { email: true } });
    const silent = await customer({ consent: {} });
    const sleeping = await customer({ consent: { email: true }, quietHours: { from: '00:00', to: '23:59' } });
    await runtime.settled();
    const before = await figures();

    // Act: each case resolved (the resolved notice goes to its customer).
    for (const customerId of [consenting, silent, sleeping]) {
      const supportCase = (await api.post('/cases', { customerId, subject: 'Box offline', channel: 'phone' }, agent)).body;
      await api.patch(`/cases/${supportCase.caseId}`, { status: 'resolved' }, agent);
    }
    await runtime.settled();
    const held = (await api.get(`/customers/${sleeping}/timeline?limit=100`, agent)).body.items.find((i: { type: string }) => i.type === 'notification')
      ?.notification as { status: string; deferredUntil?: string };
    const whileHeld = await figures();
    if (held.deferredUntil) await runtime.runSchedule('dispatcher', new Date(new Date(held.deferredUntil).getTime() + 1000));
    await runtime.settled();
    const after = await figures();

    // Assess: the held notice counts when it is sent, not before (unless the run fell in the one open minute).
    const heldBack = held.status === 'deferred' ? 1 : 0;
    expect(whileHeld.sent - before.sent).toBe(2 - heldBack);
    expect(after.sent - before.sent).toBe(2);
    expect(after.sentByEmail - before.sentByEmail).toBe(2);
    expect(after.suppressed - before.suppressed).toBe(1);
    expect(after.suppressedBy.no_consent - before.suppressedBy.no_consent).toBe(1);
    expect(after.suppressedBy.superseded - before.suppressedBy.superseded).toBe(0);
    const published = runtime.events().filter((e) => String(e['detail-type']).startsWith('Notification')) as unknown as {
      detail: { data: Record<string, unknown> };
    }[];
    const ofSilent = published.filter((e) => e.detail.data.customerId === silent);
    expect(ofSilent.map((e) => e.detail.data)).toEqual([expect.objectContaining({ kind: 'caseResolved', suppressionReason: 'no_consent' })]);
    expect(published.find((e) => e.detail.data.customerId === sleeping)?.detail.data).toMatchObject({
      kind: 'caseResolved',
      channel: 'email',
      deferred: heldBack === 1,
    });
    expect(JSON.stringify(published)).not.toContain('@example.com');
  });

  it('refuses a KPI period that is inverted, over 400 days or malformed, naming the field; staff below supervisor are refused', async () => {
    // Act
    const inverted = await api.get('/kpis?from=2026-11-05&to=2026-11-04', supervisor);
    const tooLong = await api.get('/kpis?from=2025-01-01&to=2026-02-05', supervisor);
    const malformed = await api.get('/kpis?from=2026-13-01&to=2026-11-04', supervisor);
    const grouping = await api.get('/kpis?from=2026-11-01&to=2026-11-04&groupBy=week', supervisor);
    const unknownSurge = await api.post('/surges/srg_01ARZ3NDEKTSV4RRFFQ69G5FAV/incident', { severity: 'major', messages: { en: 'x' } }, supervisor);
    const byAgent = await api.get('/kpis?from=2026-11-01&to=2026-11-04', agent);

    // Assess
    expect([inverted.status, fields(inverted.body)]).toEqual([400, ['to']]);
    expect([tooLong.status, fields(tooLong.body)]).toEqual([400, ['to']]);
    expect([malformed.status, fields(malformed.body)]).toEqual([400, ['from']]);
    expect([grouping.status, fields(grouping.body)]).toEqual([400, ['groupBy']]);
    expect(unknownSurge.status).toBe(404);
    expect(byAgent.status).toBe(403);
  });
});
