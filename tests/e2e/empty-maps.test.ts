import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * Ordinary requests that store an empty map (no segments, every consent withdrawn) must not stop
 * the table stream: the events of later writes are still published, and what they trigger (an
 * escalation's assignment) still happens.
 */
describe('Empty maps on the table stream', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;

  const newCustomer = async () =>
    (await api.post('/interactions', { channel: 'app', direction: 'inbound', customer: { email: `empty-${Math.random()}@example.com` } }, agent)).body
      .customerId as string;
  const eventsOf = (type: string) => runtime.events().filter((event) => event['detail-type'] === type);

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
  });
  afterAll(() => runtime?.stop());

  it.each([
    ['PATCH {"vip": true} on a customer without segments', (customerId: string) => api.patch(`/customers/${customerId}`, { vip: true }, agent)],
    ['PUT preferences withdrawing every consent', (customerId: string) => api.put(`/customers/${customerId}/preferences`, { consent: {} }, agent)],
    [
      "removing a customer's last segment",
      async (customerId: string) => {
        await api.patch(`/customers/${customerId}`, { segments: { zone: 'paris-11' } }, agent);
        return api.patch(`/customers/${customerId}`, { segments: { zone: null } }, agent);
      },
    ],
  ])('after %s, later events are still published and an escalation is still assigned', async (_name, storeEmptyMap) => {
    // Prepare
    const customerId = await newCustomer();
    const stored = await storeEmptyMap(customerId);
    expect(stored.status).toBeLessThan(300);

    // Act: a later write whose event drives a worker.
    const supportCase = (await api.post('/cases', { customerId, subject: 'No signal' }, agent)).body;
    const escalated = await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 1, reason: 'After an empty map' }, agent);
    await runtime.settled();

    // Assess
    expect(escalated.status).toBe(202);
    const after = await api.get(`/cases/${supportCase.caseId}`, agent);
    expect(after.body.escalation).toMatchObject({ escalationId: escalated.body.escalationId, team: expect.any(String) });
    expect(
      eventsOf('EscalationAssigned.v1').filter(
        (event) => (event.detail as { data: { escalationId: string } }).data.escalationId === escalated.body.escalationId,
      ),
    ).toHaveLength(1);
  });
});
