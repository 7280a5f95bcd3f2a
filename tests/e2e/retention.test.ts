import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime } from '../helpers/runtime';

/**
 * Retention is the TTL attribute on every write, deleted as DynamoDB TTL does it: the local
 * runtime's sweeper, run here at the instants the test chooses (a clock), not waited for.
 */
describe('Retention', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  const day = 86_400_000;

  beforeAll(async () => {
    runtime = await startTestRuntime({ retention: { ...demoConfig.retention, interactionsDays: 30, callbacksDays: 10 } });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
  });
  afterAll(() => runtime?.stop());

  it('takes an interaction past its retention off the timeline, and publishes nothing for the deletion', async () => {
    // Prepare: a contact today, on a new customer's timeline.
    const email = `retention-${Date.now()}@example.com`;
    const recorded = await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email }, text: 'Where is my parcel?' }, agent);
    const { customerId, interactionId } = recorded.body;
    await runtime.relayIdle();
    const timeline = async () =>
      (await api.get(`/customers/${customerId}/timeline`, agent)).body.items.map(
        (item: { interaction?: { interactionId: string } }) => item.interaction?.interactionId,
      );
    expect(await timeline()).toContain(interactionId);
    const eventsBefore = runtime.events().length;

    // Act: 29 days later, then 31 days later (retention 30 days).
    await runtime.sweepExpired(new Date(Date.now() + 29 * day));
    const after29 = await timeline();
    await runtime.sweepExpired(new Date(Date.now() + 31 * day));
    const after31 = await timeline();
    await runtime.relayIdle();

    // Assess: still there at 29 days, gone at 31; the profile stays; the relay published nothing.
    expect(after29).toContain(interactionId);
    expect(after31).not.toContain(interactionId);
    expect((await api.get(`/customers/${customerId}`, agent)).status).toBe(200);
    expect(runtime.events().length).toBe(eventsBefore);
  });

  it('keeps each kind as its own retention says: a callback goes after callbacksDays', async () => {
    // Prepare
    const phone = `+3361${String(Date.now()).slice(-7)}`;
    const { customerId } = (
      await api.post('/interactions', { channel: 'app', direction: 'inbound', customer: { email: `cb-ret-${Date.now()}@example.com`, phone } }, agent)
    ).body;
    const customer = await runtime.token('customer', customerId);
    const requested = await api.post('/callbacks', { phone, when: 'asap', scheduleIfClosed: true }, customer);
    expect(requested.status).toBe(201);
    await runtime.settled();

    // Act: 11 days later (callbacks 10 days, interactions 30).
    await runtime.sweepExpired(new Date(Date.now() + 11 * day));

    // Assess
    expect((await api.get(`/callbacks/${requested.body.callbackId}`, agent)).status).toBe(404);
    expect((await api.get(`/customers/${customerId}/timeline`, agent)).body.items.length).toBeGreaterThan(0);
  });
});
