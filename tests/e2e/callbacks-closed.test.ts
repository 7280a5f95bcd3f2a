import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime } from '../helpers/runtime';

/** Closed for the next ten days (whatever today is), then open: asap is outside business hours. */
const closedDays = Array.from({ length: 10 }, (_, i) => new Date(Date.now() + (i - 1) * 86_400_000).toISOString().slice(0, 10));
const closedNow = { ...demoConfig.businessHours, closedDates: closedDays };

describe('Callbacks outside business hours', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ businessHours: closedNow });
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
  });
  afterAll(() => runtime?.stop());

  it('refuses asap with the next window, or schedules it there when asked, and writes nothing when refusing', async () => {
    const customerId = (
      await api.post('/interactions', { channel: 'app', direction: 'inbound', customer: { email: `closed-${Math.random()}@example.com` } }, agent)
    ).body.customerId;

    const refused = await api.post('/callbacks', { customerId, phone: '+33612345678', when: 'asap' }, agent);
    const scheduled = await api.post('/callbacks', { customerId, phone: '+33612345678', when: 'asap', scheduleIfClosed: true }, agent);

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'urn:support:problem:outside-business-hours', errors: [{ field: 'when' }] });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', asap: false });
    // The next window starts on the first open day after the closed ones, at opening time.
    expect(scheduled.body.window.from > `${closedDays.at(-1)}T23:59`).toBe(true);
    expect(refused.body.detail).toContain(scheduled.body.window.from);
    // Machine-readable too (docs/problems.md): the window that scheduleIfClosed books.
    expect(refused.body.nextWindow).toEqual(scheduled.body.window);
  });
});
