import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime, alwaysOpenHours as alwaysOpen } from '../helpers/runtime';

const randomPhone = () => `+3361${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/** The wall-clock time of an instant in the demo client's time zone, e.g. `00:00`. */
const localTime = (at: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: demoConfig.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));

describe('Callbacks (the SOS button): requested, handed to telephony, completed, on the timeline', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let telephony: string;

  /** A customer with a phone of their own (a random one, so that suites never share it). */
  const newCustomer = async (phone = randomPhone()) =>
    (await api.post('/interactions', { channel: 'app', direction: 'inbound', customer: { email: `cb-${Math.random()}@example.com`, phone } }, agent)).body
      .customerId as string;
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
    const customerId = await newCustomer('+33 6 12 34 56 78');
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
    expect(call).toMatchObject({
      eventType: 'CallbackDue.v1',
      body: { data: { phone: '+33612345678', reason: 'Internet down since this morning', attempt: 1 } },
    });
    // docs/webhooks.md: an asap call carries the window it was accepted in, now to the end of the
    // opening hours (open round the clock here: days of 00:00-24:00, so the coming local midnight).
    expect(requested.body.window).toEqual({ from: requested.body.requestedAt, to: expect.any(String) });
    expect(call?.body.data.window).toEqual(requested.body.window);
    expect(localTime(requested.body.window.to)).toBe('00:00');
    expect(new Date(requested.body.window.to).getTime() - new Date(requested.body.window.from).getTime()).toBeLessThanOrEqual(86_400_000);
    expect(handedOver.body.status).toBe('handed_over');
    expect(completed.body.status).toBe('completed');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const onTimeline = timeline.body.items.find((item: { type: string }) => item.type === 'callback');
    expect(onTimeline.callback.history.map((step: { status: string }) => step.status)).toEqual(['requested', 'handed_over', 'completed']);
    expect(onTimeline.callback.history.at(-1).note).toBe('Router replaced');
  });

  it('keeps one open callback per customer: a second request returns the first; after it ends a new one is possible', async () => {
    const phone = randomPhone();
    const customerId = await newCustomer(phone);
    const customer = await runtime.token('customer', customerId);

    const first = await api.post('/callbacks', { phone, when: 'asap' }, customer);
    // The apiClient checks each response against the OpenAPI operation: this 200 must be documented.
    const second = await api.post('/callbacks', { phone, when: 'asap' }, customer);
    const cancelled = await api.delete(`/callbacks/${first.body.callbackId}`, customer);
    const third = await api.post('/callbacks', { phone, when: 'asap' }, customer);

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
    const scheduled = await api.post(
      '/callbacks',
      {
        customerId,
        phone: '+33612345678',
        when: { from: new Date(Date.now() + 86_000_000).toISOString(), to: new Date(Date.now() + 86_300_000).toISOString() },
      },
      agent,
    );

    expect((await api.post('/callbacks', { customerId, phone: '+33612345678', when: 'asap' }, someoneElse)).status).toBe(403);
    const inThePast = await api.post('/callbacks', { customerId, phone: '+33612345678', when: past }, agent);
    expect(inThePast.status).toBe(400);
    expect(inThePast.body.errors[0].field).toBe('when.to');
    expect((await api.post(`/callbacks/${scheduled.body.callbackId}/outcome`, { outcome: 'completed' }, telephony)).status).toBe(409);
    expect((await api.get(`/callbacks/${scheduled.body.callbackId}`, someoneElse)).status).toBe(404);
  });

  it('calls a customer only on a phone of their own profile or one their sign-in verified, and refuses another without saying whose it is', async () => {
    // Prepare: Jeanne, and Paul whose phone Jeanne knows.
    const jeannePhone = randomPhone();
    const paulPhone = randomPhone();
    const jeanne = await newCustomer(jeannePhone);
    await newCustomer(paulPhone);
    const jeanneToken = await runtime.token('customer', jeanne);
    const verifiedPhone = randomPhone();
    const withVerifiedPhone = await runtime.token('customer', jeanne, { claims: { phone_number: verifiedPhone, phone_number_verified: true } });
    const withUnverifiedPhone = await runtime.token('customer', jeanne, { claims: { phone_number: verifiedPhone, phone_number_verified: false } });

    // Act
    const paulsPhone = await api.post('/callbacks', { phone: paulPhone, when: 'asap' }, jeanneToken);
    const nobodysPhone = await api.post('/callbacks', { phone: randomPhone(), when: 'asap' }, jeanneToken);
    const unverified = await api.post('/callbacks', { phone: verifiedPhone, when: 'asap' }, withUnverifiedPhone);
    const listedAfterRefusals = await api.get(`/customers/${jeanne}/callbacks`, jeanneToken);
    const verified = await api.post('/callbacks', { phone: verifiedPhone, when: 'asap' }, withVerifiedPhone);
    await api.delete(`/callbacks/${verified.body.callbackId}`, jeanneToken);
    const own = await api.post('/callbacks', { phone: jeannePhone, when: 'asap' }, jeanneToken);
    await api.delete(`/callbacks/${own.body.callbackId}`, jeanneToken);
    // Staff (an agent, the IVR) may give any number, e.g. the one the customer calls from today.
    const byAgent = await api.post('/callbacks', { customerId: jeanne, phone: paulPhone, when: 'asap' }, agent);

    // Assess: the same refusal, naming the field, whether the phone is someone else's or nobody's.
    for (const refused of [paulsPhone, nobodysPhone, unverified]) {
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ type: 'urn:support:problem:forbidden', errors: [{ field: 'phone' }] });
    }
    expect(nobodysPhone.body).toEqual(paulsPhone.body);
    expect(listedAfterRefusals.body.items).toEqual([]);
    expect(verified.status).toBe(201);
    expect(own.status).toBe(201);
    expect(byAgent).toMatchObject({ status: 201, body: { phone: paulPhone } });
  });

  it("lists a customer's callbacks newest first, a page at a time, to them and to staff only", async () => {
    // Prepare: three callbacks, one after the other (one open at a time).
    const phone = randomPhone();
    const customerId = await newCustomer(phone);
    const customer = await runtime.token('customer', customerId);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const requested = await api.post('/callbacks', { phone, when: 'asap' }, customer);
      ids.push(requested.body.callbackId);
      if (i < 2) await api.delete(`/callbacks/${requested.body.callbackId}`, customer);
    }
    const someoneElse = await runtime.token('customer', await newCustomer());

    // Act
    const firstPage = await api.get(`/customers/${customerId}/callbacks?limit=2`, customer);
    const secondPage = await api.get(`/customers/${customerId}/callbacks?limit=2&cursor=${firstPage.body.nextCursor}`, customer);
    const byAgent = await api.get(`/customers/${customerId}/callbacks`, agent);
    const byOther = await api.get(`/customers/${customerId}/callbacks`, someoneElse);
    const unknown = await api.get('/customers/cus_nobody/callbacks', agent);
    const forged = await api.get(`/customers/${customerId}/callbacks?cursor=Zm9v`, agent);

    // Assess
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.items.map((c: { callbackId: string }) => c.callbackId)).toEqual([ids[2], ids[1]]);
    // The open one (the worker may already have handed it to telephony), then the cancelled ones.
    expect(firstPage.body.items[0]).toMatchObject({ customerId, status: expect.stringMatching(/^(requested|handed_over)$/) });
    expect(firstPage.body.items[1]).toMatchObject({ customerId, status: 'cancelled' });
    expect(secondPage.body.items.map((c: { callbackId: string }) => c.callbackId)).toEqual([ids[0]]);
    expect(secondPage.body.nextCursor).toBeUndefined();
    expect(byAgent.body.items.map((c: { callbackId: string }) => c.callbackId)).toEqual([...ids].reverse());
    expect(byOther.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].field).toBe('cursor');
  });
});
