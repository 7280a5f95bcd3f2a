import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeader, signWebhook, webhookTargets } from '../../functions/domain/webhooks';
import { routes } from '../../functions/definition/routes';
import type { LocalRuntime } from '../../local/runtime';
import type { DeliveryRecord } from '../../local/webhook-receiver';
import { apiClient, startTestRuntime } from '../helpers/runtime';

describe('The local webhook receiver', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  const lines: string[] = [];

  /** A delivery as a platform would get it, signed with `secret`, POSTed to `/<target>`. */
  const post = async (target: string, body: Record<string, unknown>, signature: string | ((raw: string) => string)) => {
    const raw = JSON.stringify(body);
    const response = await fetch(`${runtime.webhooks.url}/${target}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [signatureHeader]: typeof signature === 'string' ? signature : signature(raw) },
      body: raw,
    });
    return response.status;
  };
  const envelope = (deliveryId: string, target: string, type: string) => ({
    deliveryId,
    target,
    type,
    occurredAt: new Date().toISOString(),
    clientId: 'demo',
    data: { callbackId: 'cb_1' },
  });
  const listed = async () => {
    const response = await fetch(`${runtime.webhooks.url}/_local/webhooks`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    return ((await response.json()) as { deliveries: DeliveryRecord[] }).deliveries;
  };

  beforeAll(async () => {
    runtime = await startTestRuntime({}, { log: (line) => lines.push(line) });
    api = apiClient(runtime.url);
  });
  afterAll(() => runtime?.stop());

  it('has one signing secret per target', () => {
    expect(Object.keys(runtime.webhookSecrets).sort()).toEqual([...webhookTargets].sort());
    expect(new Set(Object.values(runtime.webhookSecrets)).size).toBe(webhookTargets.length);
  });

  it('refuses at the telephony receiver a delivery signed with the messaging secret, and accepts it signed with the telephony one', async () => {
    // Act
    const forged = await post('telephony', envelope('forged.1', 'telephony', 'CallbackDue.v1'), (raw) =>
      signWebhook(runtime.webhookSecrets.messaging, raw, new Date()),
    );
    const genuine = await post('telephony', envelope('genuine.1', 'telephony', 'CallbackDue.v1'), (raw) =>
      signWebhook(runtime.webhookSecrets.telephony, raw, new Date()),
    );

    // Assess
    expect(forged).toBe(401);
    expect(genuine).toBe(204);
    expect(runtime.webhooks.refused()).toContainEqual({ target: 'telephony', reason: 'mismatch' });
    expect(runtime.webhooks.received().map((w) => w.deliveryId)).toContain('genuine.1');
    expect(runtime.webhooks.received().map((w) => w.deliveryId)).not.toContain('forged.1');
  });

  it('answers GET /_local/webhooks with what it accepted and refused: target, deliveryId, event type, verdict and why, time', async () => {
    // Prepare: one real delivery through the backend (an assignment to the workforce platform)
    // and refusals of each kind.
    const agent = await runtime.token('agent');
    const customer = await api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { email: 'receiver-log@example.com' } }, agent);
    const supportCase = (await api.post('/cases', { customerId: customer.body.customerId, subject: 'Box down' }, agent)).body;
    await api.post(`/cases/${supportCase.caseId}/escalations`, { tier: 1, reason: 'Receiver log' }, agent);
    await runtime.settled();
    const stale = new Date(Date.now() - 10 * 60_000);
    await post('messaging', envelope('stale.1', 'messaging', 'Notification.incident.v1'), (raw) => signWebhook(runtime.webhookSecrets.messaging, raw, stale));
    await post('supervisor', envelope('malformed.1', 'supervisor', 'SlaBreached.v1'), 'not-a-signature');
    await post('nobody', envelope('unknown.1', 'nobody', 'X.v1'), (raw) => signWebhook(runtime.webhookSecrets.workforce, raw, new Date()));
    runtime.webhooks.failNext('workforce', 1);
    await post('workforce', envelope('outage.1', 'workforce', 'EscalationAssigned.v1'), (raw) =>
      signWebhook(runtime.webhookSecrets.workforce, raw, new Date()),
    );

    // Act
    const deliveries = await listed();

    // Assess
    const byId = (id: string) => deliveries.find((d) => d.deliveryId === id);
    const assignment = deliveries.find((d) => d.target === 'workforce' && d.eventType === 'EscalationAssigned.v1' && d.outcome === 'accepted');
    expect(assignment).toMatchObject({ verified: true, status: 204 });
    expect(assignment!.deliveryId).toMatch(/^.+\.workforce$/);
    expect(Date.parse(assignment!.receivedAt)).not.toBeNaN();
    expect(byId('genuine.1')).toMatchObject({ target: 'telephony', eventType: 'CallbackDue.v1', outcome: 'accepted', verified: true, status: 204 });
    expect(byId('forged.1')).toMatchObject({
      target: 'telephony',
      eventType: 'CallbackDue.v1',
      outcome: 'refused',
      verified: false,
      reason: 'mismatch',
      status: 401,
    });
    expect(byId('stale.1')).toMatchObject({ target: 'messaging', outcome: 'refused', verified: false, reason: 'stale', status: 401 });
    expect(byId('malformed.1')).toMatchObject({ target: 'supervisor', outcome: 'refused', verified: false, reason: 'malformed', status: 401 });
    expect(byId('unknown.1')).toMatchObject({ target: 'nobody', outcome: 'refused', verified: false, reason: 'unknown-target', status: 404 });
    expect(byId('outage.1')).toMatchObject({ target: 'workforce', outcome: 'failed', verified: true, reason: 'simulated-outage', status: 503 });
    for (const delivery of deliveries)
      expect(Object.keys(delivery).sort()).toEqual(
        expect.arrayContaining(['deliveryId', 'eventType', 'outcome', 'receivedAt', 'status', 'target', 'verified']),
      );
  });

  it('prints one console line per delivery, in the documented format', () => {
    const webhookLines = lines.filter((line) => line.startsWith('webhook '));
    expect(webhookLines).toContain('webhook          telephony  forged.1  CallbackDue.v1  refused (mismatch)');
    expect(webhookLines).toContain('webhook          telephony  genuine.1  CallbackDue.v1  verified {"callbackId":"cb_1"}');
    expect(webhookLines).toContain('webhook          workforce  outage.1  EscalationAssigned.v1  failed (simulated-outage)');
  });

  it('is part of the local runtime only: no declared route serves /_local', () => {
    expect(routes.filter((route) => route.path.startsWith('/_local'))).toEqual([]);
  });
});
