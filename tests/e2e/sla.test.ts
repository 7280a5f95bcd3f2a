import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

describe('SLA policies: business-hours targets that act when missed', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;

  const openCase = async (priority: string) => {
    const customer = await api.post(
      '/interactions',
      { channel: 'phone', direction: 'inbound', customer: { email: `sla-${Math.random()}@example.com` } },
      agent,
    );
    const opened = await api.post('/cases', { customerId: customer.body.customerId, subject: 'Line down', priority }, agent);
    await runtime.settled();
    return opened.body;
  };
  const getCase = async (caseId: string) => (await api.get(`/cases/${caseId}`, agent)).body;
  const after = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000);
  const eventsFor = (type: string, caseId: string) =>
    runtime.events().filter((e) => e['detail-type'] === type && (e.detail as { data: { caseId: string } }).data.caseId === caseId);

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
  });
  afterAll(() => runtime?.stop());

  it('applies the policy of the priority, counted in business hours, on opening', async () => {
    const supportCase = await openCase('high');

    // clients/demo.json: high = 60 business minutes to first response, 480 to resolution.
    expect(supportCase.sla).toMatchObject({ policy: 'high', state: 'active', firstResponse: { state: 'active' }, resolution: { state: 'active' } });
    expect(new Date(supportCase.sla.firstResponse.dueAt).getTime()).toBeGreaterThanOrEqual(new Date(supportCase.openedAt).getTime() + 60 * 60_000);
  });

  it('breaches a missed first response within a minute, re-escalates one tier up and tells the supervisors', async () => {
    // Prepare
    const supportCase = await openCase('normal');
    const due = supportCase.sla.firstResponse.dueAt;

    // Act: the monitor's runs just before and 59 s after the due time.
    await runtime.runSchedule('slaMonitor', after(due, -1));
    const before = await getCase(supportCase.caseId);
    await runtime.runSchedule('slaMonitor', after(due, 59));
    await runtime.settled();
    const breached = await getCase(supportCase.caseId);

    // Assess: breached, re-escalated to tier 2 (the expert queue) and assigned to its team.
    expect(before.sla.state).toBe('active');
    expect(breached.sla).toMatchObject({ state: 'breached', firstResponse: { state: 'breached' }, resolution: { state: 'active' } });
    expect(breached.escalation).toMatchObject({ tier: 2, queue: 'expert', status: 'assigned', team: 'Level 2 experts' });
    const [event] = eventsFor('SlaBreached.v1', supportCase.caseId);
    expect((event!.detail as { data: unknown }).data).toMatchObject({
      targets: ['firstResponse'],
      dueAt: due,
      priority: 'normal',
      reEscalation: { tier: 2, queue: 'expert' },
    });
    // The supervisors' webhook got it, signed; the workforce platform got the new assignment.
    const toSupervisors = runtime.webhooks.received().filter((w) => w.target === 'supervisor' && w.body.data.caseId === supportCase.caseId);
    expect(toSupervisors.map((w) => w.eventType)).toEqual(['SlaBreached.v1']);
    const toWorkforce = runtime.webhooks.received().filter((w) => w.target === 'workforce' && w.body.data.caseId === supportCase.caseId);
    expect(toWorkforce.map((w) => w.body.data.escalationId)).toEqual([breached.escalation.escalationId]);
    expect(runtime.webhooks.refused()).toEqual([]);
  });

  it('acts once per breach: a second run, or a run for a later instant, adds nothing; the next miss goes one tier further', async () => {
    const supportCase = await openCase('normal');
    await runtime.runSchedule('slaMonitor', after(supportCase.sla.firstResponse.dueAt, 1));
    await runtime.runSchedule('slaMonitor', after(supportCase.sla.firstResponse.dueAt, 2));
    await runtime.settled();
    expect(eventsFor('SlaBreached.v1', supportCase.caseId)).toHaveLength(1);

    await runtime.runSchedule('slaMonitor', after(supportCase.sla.resolution.dueAt, 1));
    await runtime.settled();

    const breaches = eventsFor('SlaBreached.v1', supportCase.caseId).map(
      (e) => (e.detail as { data: { targets: string[]; reEscalation: { tier: number } } }).data,
    );
    expect(breaches.map((b) => [b.targets, b.reEscalation.tier])).toEqual([
      [['firstResponse'], 2],
      [['resolution'], 3],
    ]);
    expect((await getCase(supportCase.caseId)).escalation).toMatchObject({ tier: 3, queue: 'urgent', team: 'Crisis desk' });
  });

  it('does not count time while the case waits on the customer (pending)', async () => {
    const supportCase = await openCase('normal');
    await api.patch(`/cases/${supportCase.caseId}`, { status: 'pending' }, agent);
    const paused = await getCase(supportCase.caseId);

    await runtime.runSchedule('slaMonitor', after(supportCase.sla.resolution.dueAt, 3600));
    const stillPaused = await getCase(supportCase.caseId);
    await api.patch(`/cases/${supportCase.caseId}`, { status: 'open' }, agent);
    const resumed = await getCase(supportCase.caseId);

    expect(paused.sla.pausedAt).toBeDefined();
    expect(stillPaused.sla.state).toBe('active');
    expect(eventsFor('SlaBreached.v1', supportCase.caseId)).toEqual([]);
    expect(resumed.sla.pausedAt).toBeUndefined();
    // The time left is given back from the moment the case resumed: never earlier than before.
    expect(new Date(resumed.sla.firstResponse.dueAt).getTime()).toBeGreaterThanOrEqual(new Date(supportCase.sla.firstResponse.dueAt).getTime());
  });

  it("meets the first response with an agent's reply on the case, and the resolution when it is resolved", async () => {
    const supportCase = await openCase('normal');

    await api.post(
      '/interactions',
      {
        channel: 'email',
        direction: 'outbound',
        customer: { customerId: supportCase.customerId },
        caseId: supportCase.caseId,
        agentId: 'agent-7',
        text: 'We are on it.',
      },
      agent,
    );
    await api.patch(`/cases/${supportCase.caseId}`, { status: 'resolved' }, agent);
    await runtime.runSchedule('slaMonitor', after(supportCase.sla.resolution.dueAt, 60));

    const resolved = await getCase(supportCase.caseId);
    expect(resolved.sla).toMatchObject({ state: 'met', firstResponse: { state: 'met' }, resolution: { state: 'met' } });
    expect(eventsFor('SlaBreached.v1', supportCase.caseId)).toEqual([]);
  });
});
