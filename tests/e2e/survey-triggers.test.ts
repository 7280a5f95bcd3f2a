import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime, alwaysOpenHours as alwaysOpen } from '../helpers/runtime';

const linkPattern = /https:\/\/survey\.demo\.example\.com\/s\/([A-Za-z0-9_-]{22})/;

/**
 * A client that surveys after completed callbacks and self-care handovers (not after every
 * resolution), and reopens the case of a detractor: the other triggers and loop action than the
 * demo client's (tests/e2e/surveys.test.ts).
 */
describe('Survey triggers and the reopen loop action', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let telephony: string;

  const messagesTo = (customerId: string) =>
    runtime.webhooks
      .received()
      .filter((w) => w.target === 'messaging' && w.body.data.customerId === customerId)
      .map((w) => w.body.data.text as string);
  const eventsOf = (name: string, customerId: string) =>
    (runtime.events() as unknown as { 'detail-type': string; detail: { data: Record<string, unknown> } }[]).filter(
      (e) => e['detail-type'] === `${name}.v1` && e.detail.data.customerId === customerId,
    );
  const consenting = async (customerId: string) => api.put(`/customers/${customerId}/preferences`, { consent: { email: true }, language: 'en' }, agent);

  beforeAll(async () => {
    runtime = await startTestRuntime({
      businessHours: alwaysOpen,
      surveys: { ...demoConfig.surveys!, triggers: ['callback_completed', 'selfcare_handover'], loopAction: 'reopen_case' },
    });
    api = apiClient(runtime.url);
    [agent, telephony] = await Promise.all([runtime.token('agent'), runtime.token('integration')]);
  });
  afterAll(() => runtime?.stop());

  it('surveys the resolution of a case a self-care session was handed over to, and reopens it for a detractor', async () => {
    // Prepare: a visitor hands their session over by email; the case is resolved.
    const sessionId = (await api.post('/selfcare/sessions', undefined)).body.sessionId as string;
    const email = `handover-${Math.random().toString(36).slice(2, 10)}@example.com`;
    const handover = await api.post(`/selfcare/sessions/${sessionId}/handover`, { channel: 'email', customer: { email } }, undefined, {
      'idempotency-key': `handover-${sessionId}`,
    });
    const { caseId, customerId } = handover.body as { caseId: string; customerId: string };
    await consenting(customerId);
    await api.patch(`/cases/${caseId}`, { status: 'resolved' }, agent);
    await runtime.settled();
    const token = linkPattern.exec(messagesTo(customerId).at(-1) ?? '')?.[1];

    // Act: a detractor's answer.
    const answered = await api.post(`/surveys/${token}/responses`, { answers: { csat: 1 } });
    await runtime.settled();

    // Assess: offered under the handover trigger; the case reopened by the loop.
    expect(answered.status).toBe(201);
    expect(eventsOf('SurveyOffered', customerId)).toMatchObject([{ detail: { data: { caseId, trigger: 'selfcare_handover' } } }]);
    expect(eventsOf('SurveyDetractor', customerId)).toMatchObject([{ detail: { data: { caseId, reasons: ['csat'] } } }]);
    const reopened = (await api.get(`/cases/${caseId}`, agent)).body;
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 1 });
  });

  it('does not survey a plain resolution when the client does not ask for it', async () => {
    const customerId = (
      await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email: `plain-${Math.random()}@example.com` } }, agent)
    ).body.customerId as string;
    await consenting(customerId);
    const supportCase = (await api.post('/cases', { customerId, subject: 'Plain case', channel: 'email' }, agent)).body;
    await api.patch(`/cases/${supportCase.caseId}`, { status: 'resolved' }, agent);
    await runtime.settled();

    expect(messagesTo(customerId)).toEqual(['Your request "Plain case" is resolved.']);
    expect(eventsOf('SurveyOffered', customerId)).toEqual([]);
  });

  it('invites the customer to a survey after a completed callback, once, and records the answer about that callback', async () => {
    // Prepare: a consenting customer's callback, handed to telephony and completed (twice: a retry).
    const phone = `+3361${Math.floor(1e7 + Math.random() * 8e7)}`;
    const customerId = (
      await api.post('/interactions', { channel: 'phone', direction: 'inbound', customer: { phone, email: `cb-${Math.random()}@example.com` } }, agent)
    ).body.customerId as string;
    await consenting(customerId);
    const callback = (await api.post('/callbacks', { customerId, phone, when: 'asap' }, agent)).body;
    await runtime.settled();
    const key = { 'idempotency-key': `outcome-${callback.callbackId}` };
    await api.post(`/callbacks/${callback.callbackId}/outcome`, { outcome: 'completed' }, telephony, key);
    await api.post(`/callbacks/${callback.callbackId}/outcome`, { outcome: 'completed' }, telephony, key);
    await runtime.settled();

    // Act
    const invitations = messagesTo(customerId);
    const token = linkPattern.exec(invitations.at(-1) ?? '')?.[1];
    const answered = await api.post(`/surveys/${token}/responses`, { answers: { csat: 5, preference: 'yes' } });
    await runtime.settled();

    // Assess: one invitation, the answer about the callback (no case), not a detractor.
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatch(/^Thank you for taking our call\. One question: are you satisfied\? https:\/\/survey\.demo\.example\.com\/s\//);
    expect(answered.status).toBe(201);
    expect(eventsOf('SurveyOffered', customerId)).toMatchObject([{ detail: { data: { callbackId: callback.callbackId, trigger: 'callback_completed' } } }]);
    expect(eventsOf('SurveyAnswered', customerId)).toMatchObject([
      { detail: { data: { trigger: 'callback_completed', channel: 'phone', answers: { csat: 5, preference: 'yes' } } } },
    ]);
    expect(eventsOf('SurveyAnswered', customerId)[0]!.detail.data.caseId).toBeUndefined();
    expect(eventsOf('SurveyDetractor', customerId)).toEqual([]);
  });
});
