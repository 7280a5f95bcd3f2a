import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * The story the product exists for: a customer chats about a broken internet box and says they
 * restarted it, then calls an hour later; the phone agent sees the chat without asking again.
 */
describe('Story: nobody has to tell their story twice', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
  });
  afterAll(() => runtime?.stop());

  it('shows the phone agent what the customer wrote on chat an hour earlier, and what they already tried', async () => {
    // Prepare: the chatbot platform records the chat; the customer is known by email and CRM reference.
    const chatbot = await runtime.token('integration');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    const chat = await api.post(
      '/interactions',
      {
        channel: 'chat',
        direction: 'inbound',
        customer: { email: 'Jeanne.Martin@example.com', externalId: 'FIB-1234' },
        text: 'My internet box is broken: no light at all. I already restarted it twice.',
        occurredAt: hourAgo,
      },
      chatbot,
    );
    expect(chat.status).toBe(201);

    // Act: an hour later the IVR identifies the caller by phone and CRM reference; the agent
    // opens a case and records the call on it, then opens the handoff view.
    const telephony = await runtime.token('integration');
    const agent = await runtime.token('agent');
    const opened = await api.post('/cases', { customerId: chat.body.customerId, subject: 'Internet box down', priority: 'high', channel: 'phone' }, agent);
    const call = await api.post(
      '/interactions',
      {
        channel: 'phone',
        direction: 'inbound',
        customer: { phone: '+33 6 12 34 56 78', externalId: 'FIB-1234' },
        caseId: opened.body.caseId,
        text: 'Customer calls about the box.',
        agentId: 'agent-42',
      },
      telephony,
    );
    const context = await api.get(`/cases/${opened.body.caseId}/context`, agent);

    // Assess: one profile, now also known by phone; the chat is in the context with its text.
    expect(opened.status).toBe(201);
    expect(call.status).toBe(201);
    expect(call.body.customerId).toBe(chat.body.customerId);
    expect(call.body.identitiesAdded).toEqual(['phone']);
    expect(context.status).toBe(200);
    expect(context.body.customer.identities).toMatchObject({ emails: ['jeanne.martin@example.com'], phones: ['+33612345678'], externalIds: ['FIB-1234'] });
    const chatGroup = context.body.channels.find((group: { channel: string }) => group.channel === 'chat');
    expect(chatGroup.interactions).toHaveLength(1);
    expect(chatGroup.interactions[0]).toMatchObject({ text: expect.stringContaining('restarted it twice'), onThisCase: false });
    const phoneGroup = context.body.channels.find((group: { channel: string }) => group.channel === 'phone');
    expect(phoneGroup.interactions[0]).toMatchObject({ interactionId: call.body.interactionId, onThisCase: true });
    expect(context.body.channels[0].channel).toBe('phone');
    expect(context.body.summary).toMatchObject({ contactsOnCase: 1, recentContacts: 1, channelsUsed: ['phone', 'chat'], lastChannel: 'phone' });
    // What the chat said is read for the agent: an outage.
    expect(chatGroup.interactions[0].analysis).toMatchObject({ language: 'en', intents: ['outage'] });
    expect(context.body.summary.intentsSeen).toEqual(['outage']);
  });
});
