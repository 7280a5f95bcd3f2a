import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime, alwaysOpenHours as alwaysOpen } from '../helpers/runtime';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('Self-care report: counted as the sessions go, read by day', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let supervisor: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ businessHours: alwaysOpen });
    api = apiClient(runtime.url);
    [agent, supervisor] = await Promise.all([runtime.token('agent'), runtime.token('supervisor')]);
  });
  afterAll(() => runtime?.stop());

  it('sessions, searches with and without result or click, top no-result queries, votes and reasons, handovers and the containment rate', async () => {
    // Prepare: one published French article, indexed.
    const article = await api.post('/articles', { locale: 'fr', title: "Résiliation de l'abonnement", body: 'Pour résilier, écrivez-nous.' }, agent);
    const articleId = article.body.articleId as string;
    await api.post(`/articles/${articleId}/publish`, undefined, supervisor);
    await runtime.settled();
    const session = async () => (await api.post('/selfcare/sessions', undefined)).body.sessionId as string;
    const search = (sessionId: string, q: string, locale = 'fr') =>
      api.get(`/selfcare/search?q=${encodeURIComponent(q)}&locale=${locale}&sessionId=${sessionId}`);

    // Act: session 1 finds the article, reads it, finds it unhelpful, then searches twice in vain.
    const first = await session();
    const found = await search(first, 'résiliation');
    await api.post(`/selfcare/sessions/${first}/events`, { type: 'article_viewed', articleId });
    await api.post(`/selfcare/sessions/${first}/events`, { type: 'article_voted', articleId, helpful: false, reason: 'Trop vague' });
    await search(first, '  Box   CLIGNOTE ');
    await search(first, 'wifi zanzibar');
    // Session 2 finds it without opening it, votes it helpful, searches in vain, and hands over.
    const second = await session();
    await search(second, 'resiliation');
    await api.post(`/selfcare/sessions/${second}/events`, { type: 'article_voted', articleId, helpful: true });
    await search(second, 'box clignoté');
    const handover = await api.post(`/selfcare/sessions/${second}/handover`, { channel: 'email', customer: { email: 'report-visitor@example.com' } });
    // Session 3 does nothing (not counted); session 4 searches in English (another locale's figures).
    await session();
    await search(await session(), 'box blinking', 'en');
    const report = await api.get(`/reports/selfcare?from=${day(-1)}&to=${day(1)}&locale=fr`, supervisor);
    const english = await api.get(`/reports/selfcare?from=${day(-1)}&to=${day(1)}&locale=en`, supervisor);

    // Assess
    expect(found.body.results.map((r: { articleId: string }) => r.articleId)).toContain(articleId);
    expect(handover.status).toBe(201);
    expect(report.status).toBe(200);
    expect(report.body).toEqual({
      from: day(-1),
      to: day(1),
      locale: 'fr',
      sessions: 2,
      searches: 5,
      searchesWithoutResult: 3,
      // Session 2's first search showed the article, and nothing was opened after it.
      searchesWithoutClick: 1,
      topNoResultQueries: [
        { query: 'box clignote', count: 2 },
        { query: 'wifi zanzibar', count: 1 },
      ],
      otherNoResultQueries: 0,
      handovers: 1,
      contactsAfterSession: 0,
      sessionsFollowedByContact: 1,
      containmentRate: 0.5,
      articles: [{ articleId, views: 1, helpfulYes: 1, helpfulNo: 1, notHelpfulReasons: ['Trop vague'] }],
    });
    expect(english.body).toMatchObject({ sessions: 1, searches: 1, searchesWithoutResult: 1, containmentRate: 1, articles: [] });
  });

  it('a signed-in visitor who calls after the session without handing over was not contained either; once counted, a session is not counted again', async () => {
    // Prepare: a customer signs in on the site, searches in vain and leaves.
    const email = `containment-${Math.random().toString(36).slice(2)}@example.com`;
    const owner = (await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email } }, agent)).body.customerId as string;
    const customer = await runtime.token('customer', owner);
    const sessionId = (await api.post('/selfcare/sessions', undefined)).body.sessionId as string;
    await api.post(`/selfcare/sessions/${sessionId}/identify`, undefined, customer);
    await api.get(`/selfcare/search?q=${encodeURIComponent('modem zanzibar')}&locale=fr&sessionId=${sessionId}`);
    const report = async () => (await api.get(`/reports/selfcare?from=${day(-1)}&to=${day(1)}&locale=fr`, supervisor)).body;
    const before = await report();

    // Act: they call; then call again, and finally hand the session over.
    const call = await api.post('/interactions', { channel: 'phone', direction: 'inbound', customer: { email } }, agent);
    const afterCall = await report();
    await api.post('/interactions', { channel: 'phone', direction: 'inbound', customer: { email } }, agent);
    const handover = await api.post(`/selfcare/sessions/${sessionId}/handover`, { channel: 'email', customer: { email } });
    const after = await report();

    // Assess: one session more, followed by one contact (the call); neither the second call nor the handover counts it again.
    expect(call.status).toBe(201);
    expect(handover.status).toBe(201);
    expect(afterCall.sessions).toBe(before.sessions);
    expect(afterCall.contactsAfterSession).toBe(before.contactsAfterSession + 1);
    expect(afterCall.sessionsFollowedByContact).toBe(before.sessionsFollowedByContact + 1);
    expect(after).toMatchObject({
      handovers: afterCall.handovers,
      contactsAfterSession: afterCall.contactsAfterSession,
      sessionsFollowedByContact: afterCall.sessionsFollowedByContact,
    });
    expect(after.containmentRate).toBeCloseTo((after.sessions - after.sessionsFollowedByContact) / after.sessions);
  });

  it("an anonymous session is known only by its handover: the visitor's call elsewhere cannot be tied to it", async () => {
    // Prepare
    const email = `anonymous-${Math.random().toString(36).slice(2)}@example.com`;
    await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email } }, agent);
    const sessionId = (await api.post('/selfcare/sessions', undefined)).body.sessionId as string;
    await api.get(`/selfcare/search?q=${encodeURIComponent('modem zanzibar')}&locale=fr&sessionId=${sessionId}`);
    const report = async () => (await api.get(`/reports/selfcare?from=${day(-1)}&to=${day(1)}&locale=fr`, supervisor)).body;
    const before = await report();

    // Act
    await api.post('/interactions', { channel: 'phone', direction: 'inbound', customer: { email } }, agent);
    const after = await report();

    // Assess
    expect(after.contactsAfterSession).toBe(before.contactsAfterSession);
  });

  it('no session: a null containment rate', async () => {
    const report = await api.get(`/reports/selfcare?from=2020-01-01&to=2020-01-31&locale=fr`, supervisor);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ sessions: 0, searches: 0, containmentRate: null, topNoResultQueries: [], articles: [] });
  });

  it('refuses a bad range or locale with the field named, and anyone but a supervisor', async () => {
    const reversed = await api.get('/reports/selfcare?from=2026-11-10&to=2026-11-09&locale=fr', supervisor);
    const tooLong = await api.get('/reports/selfcare?from=2026-01-01&to=2026-04-03&locale=fr', supervisor);
    const longest = await api.get('/reports/selfcare?from=2026-01-01&to=2026-04-02&locale=fr', supervisor);
    const notADay = await api.get('/reports/selfcare?from=2026-13-01&to=2026-11-09&locale=fr', supervisor);
    const unknownLocale = await api.get('/reports/selfcare?from=2026-11-01&to=2026-11-09&locale=de', supervisor);
    const missing = await api.get('/reports/selfcare?from=2026-11-01&locale=fr', supervisor);
    const byAgent = await api.get('/reports/selfcare?from=2026-11-01&to=2026-11-09&locale=fr', agent);
    const anonymous = await api.get('/reports/selfcare?from=2026-11-01&to=2026-11-09&locale=fr');

    expect([reversed.status, fields(reversed.body)]).toEqual([400, ['to']]);
    expect([tooLong.status, fields(tooLong.body)]).toEqual([400, ['to']]);
    expect(longest.status).toBe(200);
    expect([notADay.status, fields(notADay.body)]).toEqual([400, ['from']]);
    expect([unknownLocale.status, fields(unknownLocale.body)]).toEqual([400, ['locale']]);
    expect([missing.status, fields(missing.body)]).toEqual([400, ['to']]);
    expect(byAgent.status).toBe(403);
    expect(anonymous.status).toBe(401);
  });
});
