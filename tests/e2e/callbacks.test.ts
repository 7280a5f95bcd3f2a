import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime } from '../helpers/runtime';

/** Open around the clock, so that asap callbacks are accepted whenever the suite runs. */
const alwaysOpen = { ...demoConfig.businessHours, weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => [day, [['00:00', '24:00']]])), publicHolidays: 'none' as const };

describe('Callbacks (the SOS button): requested, handed to telephony, completed, on the timeline', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let telephony: string;

  const newCustomer = async () =>
    (await api.post('/interactions', { channel: 'app', direction: 'inbound', customer: { email: `cb-${Math.random()}@example.com` } }, agent)).body.customerId as string;
  const toTelephony = (callbackId: string) => runtime.webhooks.received().filter((w) => w.target === 'telephony' && w.body.data.callbackId === callbackId);

  beforeAll(async () => {
    runtime = await startTestRuntime({ businessHours: alwaysOpen });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    telephony = await runtime.token('integration');
  });
  afterAll(() => runtime?.stop());

  it('calls the customer back: requested with an estimated wait, handed to telephony, completed, every step on the timeline', async () => {
    // Prepare
    const customerId = await newCustomer();
    const customer = await runtime.token('customer', customerId);

    // Act: the customer presses the SOS button; telephony gets it and reports the call.
    const requested = await api.post('/callbacks', { phone: '+33 6 12 34 56 78', reason: 'Internet down since this morning', when: 'asap' }, customer);
    await runtime.settled();
    const handedOver = await api.get(`/callbacks/${requested.body.callbackId}`, customer);
    const key = { 'idempotency-key': `outcome-${requested.body.callbackId}` };
    const completed = await api.post(`/callbacks/${requested.body.callbackId}/outcome`, { outcome: 'completed', note: 'Router replaced' }, telephony, key);
    // Telephony timed out and sends the same report again: the first answer, not a 409.
    const retried = await api.post(`/callbacks/${requested.body.callbackId}/outcome`, { outcome: 'completed', note: 'Router replaced' }, telephony, key);
    await runtime.settled();
    const timeline = await api.get(`/customers/${customerId}/timeline`, customer);

    // Assess
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ customerId, phone: '+33612345678', asap: true, status: 'requested', estimatedWaitSeconds: expect.any(Number) });
    const [call] = toTelephony(requested.body.callbackId);
    expect(call).toMatchObject({ eventType: 'CallbackDue.v1', body: { data: { phone: '+33612345678', reason: 'Internet down since this morning', attempt: 1 } } });
    expect(handedOver.body.status).toBe('handed_over');
    expect(completed.body.status).toBe('completed');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const onTimeline = timeline.body.items.find((item: { type: string }) => item.type === 'callback');
    expect(onTimeline.callback.history.map((step: { status: string }) => step.status)).toEqual(['requested', 'handed_over', 'completed']);
    expect(onTimeline.callback.history.at(-1).note).toBe('Router replaced');
  });

  it('keeps one open callback per customer: a second request returns the first; after it ends a new one is possible', async () => {
    const customerId = await newCustomer();
    const customer = await runtime.token('customer', customerId);

    const first = await api.post('/callbacks', { phone: '+33612345678', when: 'asap' }, customer);
    const second = await api.post('/callbacks', { phone: '+33699999999', when: 'asap' }, customer);
    const cancelled = await api.delete(`/callbacks/${first.body.callbackId}`, customer);
    const third = await api.post('/callbacks', { phone: '+33699999999', when: 'asap' }, customer);

    expect(second.status).toBe(200);
    expect(second.body.callbackId).toBe(first.body.callbackId);
    expect(cancelled.body.status).toBe('cancelled');
    expect(third.status).toBe(201);
    expect(third.body.callbackId).not.toBe(first.body.callbackId);
    expect((await api.delete(`/callbacks/${first.body.callbackId}`, customer)).status).toBe(409);
  });

  it('calls again after no answer, up to the configured attempts, then fails', async () => {
    const customerId = await newCustomer();
    const requested = await api.post('/callbacks', { customerId, phone: '+33612345678', when: 'asap' }, agent);
    await runtime.settled();

    // clients/demo.json: 3 attempts, 15 minutes apart.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const outcome = await api.post(`/callbacks/${requested.body.callbackId}/outcome`, { outcome: 'no_answer' }, telephony);
      if (attempt < 3) {
        expect(outcome.body).toMatchObject({ status: 'no_answer', attempts: attempt });
        await runtime.runSchedule('dispatcher', new Date(new Date(outcome.body.dueAt).getTime() + 1000));
        await runtime.settled();
      } else {
        expect(outcome.body).toMatchObject({ status: 'failed', attempts: 3 });
      }
    }
    expect(toTelephony(requested.body.callbackId).map((w) => w.body.data.attempt)).toEqual([1, 2, 3]);
  });

  it('calls in a window the customer chose, when it opens', async () => {
    const customerId = await newCustomer();
    const from = new Date(Date.now() + 2 * 3600_000);
    const to = new Date(from.getTime() + 3600_000);

    const requested = await api.post('/callbacks', { customerId, phone: '+33612345678', when: { from: from.toISOString(), to: to.toISOString() } }, agent);
    await runtime.settled();
    const before = toTelephony(requested.body.callbackId).length;
    await runtime.runSchedule('dispatcher', new Date(from.getTime() + 1000));
    await runtime.settled();

    expect(requested.body).toMatchObject({ status: 'scheduled', asap: false, dueAt: from.toISOString() });
    expect(before).toBe(0);
    expect(toTelephony(requested.body.callbackId)).toHaveLength(1);
  });

  it('refuses what a caller cannot ask: another customer, a window in the past, an outcome before the call', async () => {
    const customerId = await newCustomer();
    const someoneElse = await runtime.token('customer', await newCustomer());
    const past = { from: new Date(Date.now() - 7200_000).toISOString(), to: new Date(Date.now() - 3600_000).toISOString() };
    const scheduled = await api.post('/callbacks', { customerId, phone: '+33612345678', when: { from: new Date(Date.now() + 86_000_000).toISOString(), to: new Date(Date.now() + 86_300_000).toISOString() } }, agent);

    expect((await api.post('/callbacks', { customerId, phone: '+33612345678', when: 'asap' }, someoneElse)).status).toBe(403);
    const inThePast = await api.post('/callbacks', { customerId, phone: '+33612345678', when: past }, agent);
    expect(inThePast.status).toBe(400);
    expect(inThePast.body.errors[0].field).toBe('when.to');
    expect((await api.post(`/callbacks/${scheduled.body.callbackId}/outcome`, { outcome: 'completed' }, telephony)).status).toBe(409);
    expect((await api.get(`/callbacks/${scheduled.body.callbackId}`, someoneElse)).status).toBe(404);
  });
});
