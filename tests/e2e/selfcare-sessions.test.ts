import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { seedDemoKnowledge } from '../../local/demo-knowledge';
import { seedSelfcareFlows } from '../../local/selfcare-seed';
import { apiClient, startTestRuntime, alwaysOpenHours as alwaysOpen } from '../helpers/runtime';

const randomPhone = () => `+3361${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

describe('Self-care: guided flows, sessions, and the handover that carries what was already tried', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let supervisor: string;
  let articles: Map<string, string>;
  /** The id of a sample article (clients/demo-knowledge/), by its key. */
  const article = (key: string) => articles.get(key)!;

  beforeAll(async () => {
    runtime = await startTestRuntime({ businessHours: alwaysOpen });
    api = apiClient(runtime.url);
    [agent, supervisor] = await Promise.all([runtime.token('agent'), runtime.token('supervisor')]);
    // The demo knowledge base and flows, loaded as `npm start` loads them.
    articles = (await seedDemoKnowledge(runtime.url, supervisor)).ids;
    await runtime.settled();
    await seedSelfcareFlows(runtime, 'demo', articles);
  });
  afterAll(() => runtime?.stop());

  const newSession = async () => (await api.post('/selfcare/sessions', undefined)).body.sessionId as string;

  it('the seed story: restarted the box, not solved, read an article, asked for a callback; the agent sees it first in alreadyTried', async () => {
    // Prepare: an anonymous visitor opens the "internet box down" flow.
    const created = await api.post('/selfcare/sessions', undefined);
    const sessionId = created.body.sessionId as string;
    const flow = await api.get('/flows/internet-box-down-fr');
    const phone = randomPhone();

    // Act: search "box internet clignote rouge", then a word nobody wrote about; restart the box
    // (not solved), the lights are off, read the article the flow leads to, vote, ask for a callback.
    const searched = await api.get(`/selfcare/search?q=${encodeURIComponent('box internet clignote rouge')}&locale=fr&sessionId=${sessionId}`);
    const nothingFound = await api.get(`/selfcare/search?q=${encodeURIComponent('xylophone')}&locale=fr&sessionId=${sessionId}`);
    const restarted = await api.post(`/selfcare/sessions/${sessionId}/steps`, { flowId: 'internet-box-down-fr', stepId: 'redemarrer', answer: 'pas-resolu' });
    const lights = await api.post(`/selfcare/sessions/${sessionId}/steps`, { flowId: 'internet-box-down-fr', stepId: 'voyants', answer: 'eteint' });
    const viewed = await api.post(`/selfcare/sessions/${sessionId}/events`, { type: 'article_viewed', articleId: article('box-panne') });
    const voted = await api.post(`/selfcare/sessions/${sessionId}/events`, {
      type: 'article_voted',
      articleId: article('box-panne'),
      helpful: false,
      reason: 'Mes voyants sont rouges',
    });
    const handover = await api.post(
      `/selfcare/sessions/${sessionId}/handover`,
      { channel: 'callback', customer: { phone }, message: "J'ai déjà débranché la box deux fois." },
      undefined,
      { 'idempotency-key': `handover-${sessionId}` },
    );
    await runtime.settled();
    const context = await api.get(`/cases/${handover.body.caseId}/context`, agent);
    const today = new Date().toISOString().slice(0, 10);
    const report = await api.get(`/reports/selfcare?from=${today}&to=${today}&locale=fr`, supervisor);
    const timeline = await api.get(`/customers/${handover.body.customerId}/timeline`, agent);

    // Assess
    expect(created.status).toBe(201);
    expect(sessionId).toMatch(/^scs_[A-Za-z0-9_-]{22}$/);
    expect(flow.status).toBe(200);
    expect(flow.body.steps.length).toBeGreaterThan(2);
    expect(restarted.status).toBe(200);
    expect(restarted.body.next).toMatchObject({ type: 'step', step: { stepId: 'voyants' } });
    expect(lights.body.next).toEqual({ type: 'article', articleId: article('box-panne') });
    expect(viewed.status).toBe(201);
    expect(voted.status).toBe(201);
    expect(searched.status).toBe(200);
    expect(searched.body.results[0]).toMatchObject({ articleId: article('box-panne') });
    expect(nothingFound.body).toMatchObject({ sessionId, results: [] });
    expect(voted.body.activities).toBe(6);
    expect(handover.status).toBe(201);
    expect(handover.body.callback).toMatchObject({ phone, asap: true, estimatedWaitSeconds: expect.any(Number) });
    expect(context.status).toBe(200);
    expect(Object.keys(context.body)[0]).toBe('alreadyTried');
    const tried = context.body.alreadyTried as { kind: string; summary: string; articleId?: string; actions?: string[] }[];
    expect(tried.map((entry) => entry.kind)).toEqual(['search_without_result', 'flow_step', 'flow_step', 'article_viewed', 'article_voted', 'said']);
    expect(tried[0]).toMatchObject({ summary: 'Searched "xylophone": nothing found', query: 'xylophone' });
    expect(tried[1]!.summary).toMatch(/^Redémarrez la box.*: Toujours en panne$/);
    expect(tried[3]).toMatchObject({
      kind: 'article_viewed',
      articleId: article('box-panne'),
      articleTitle: 'Ma box internet ne fonctionne plus : le voyant clignote en rouge',
      summary: 'Read "Ma box internet ne fonctionne plus : le voyant clignote en rouge"',
    });
    // Fields enough for a front end to say each line in the agent's language.
    expect(tried[4]).toMatchObject({ helpful: false, reason: 'Mes voyants sont rouges' });
    expect(tried[4]!.summary).toContain('not helpful');
    expect(tried[5]).toMatchObject({ actions: ['unplug'], channel: 'web_selfcare' });
    // The supervisors' self-care report counts the story: its no-result query, its handover (a
    // session followed by a contact), and so a containment rate below 1.
    expect(report.status).toBe(200);
    expect(report.body.topNoResultQueries).toContainEqual(expect.objectContaining({ query: 'xylophone' }));
    expect(report.body.sessionsFollowedByContact).toBeGreaterThanOrEqual(1);
    expect(report.body.containmentRate).toBeLessThan(1);
    // The identified session is a web_selfcare contact on the customer's timeline and the case.
    expect(context.body.case).toMatchObject({ subject: 'Self-care: internet-box-down-fr', channel: 'web_selfcare' });
    expect(timeline.body.items.some((item: { type: string; interaction?: { channel: string } }) => item.interaction?.channel === 'web_selfcare')).toBe(true);
  });

  it('replays a retried handover (Idempotency-Key), refuses a second one, and reuses the open self-care case of the same customer', async () => {
    const phone = randomPhone();
    const first = await newSession();
    await api.post(`/selfcare/sessions/${first}/steps`, { flowId: 'internet-box-down-en', stepId: 'restart', answer: 'not-solved' });
    const key = { 'idempotency-key': `h-${first}` };
    const body = { channel: 'chat', customer: { phone } };
    const handed = await api.post(`/selfcare/sessions/${first}/handover`, body, undefined, key);
    const replayed = await api.post(`/selfcare/sessions/${first}/handover`, body, undefined, key);
    const again = await api.post(`/selfcare/sessions/${first}/handover`, body);
    const second = await newSession();
    await api.post(`/selfcare/sessions/${second}/steps`, { flowId: 'internet-box-down-en', stepId: 'restart', answer: 'not-solved' });
    const later = await api.post(`/selfcare/sessions/${second}/handover`, body);
    const context = await api.get(`/cases/${handed.body.caseId}/context`, agent);

    expect(handed.status).toBe(201);
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.caseId).toBe(handed.body.caseId);
    expect(again.status).toBe(409);
    expect(again.body.field ?? again.body.errors?.[0]?.field).toBe('sessionId');
    expect(later.status).toBe(201);
    expect(later.body.caseId).toBe(handed.body.caseId);
    expect(later.body.customerId).toBe(handed.body.customerId);
    // Both sessions are on the case, in order.
    expect(context.body.alreadyTried.filter((entry: { kind: string }) => entry.kind === 'flow_step')).toHaveLength(2);
  });

  it('never adds identities to an existing profile on a public caller’s word, and answers the same whether the email was known', async () => {
    const email = `known-${Math.random().toString(36).slice(2)}@example.com`;
    const known = await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email } }, agent);
    const squatter = randomPhone();
    const session = await newSession();

    const handed = await api.post(`/selfcare/sessions/${session}/handover`, { channel: 'email', customer: { email, phone: squatter } });
    const profile = await api.get(`/customers/${known.body.customerId}`, agent);
    const byPhone = await api.get(`/customers?phone=${encodeURIComponent(squatter)}`, agent);
    const named = await api.post(`/selfcare/sessions/${await newSession()}/handover`, { channel: 'chat', customer: { customerId: known.body.customerId } });

    expect(handed.status).toBe(201);
    expect(Object.keys(handed.body).sort()).toEqual(['caseId', 'channel', 'customerId', 'interactionId', 'sessionId']);
    expect(profile.body.identities.phones).toEqual([]);
    expect(byPhone.status).toBe(404);
    expect(named.status).toBe(422);
    expect(named.body.field ?? named.body.errors?.[0]?.field).toBe('customer.customerId');
  });

  it('refuses bad input with a clear 4xx and writes nothing: unknown session or flow, an article that is not published, a step that is not the current one, an unknown answer, a second vote, oversized bodies', async () => {
    const sessionId = await newSession();
    const step = (body: unknown) => api.post(`/selfcare/sessions/${sessionId}/steps`, body);

    const unknownSession = await api.post('/selfcare/sessions/scs_AAAAAAAAAAAAAAAAAAAAAA/events', {
      type: 'article_viewed',
      articleId: article('facture-comprendre'),
    });
    const malformedSession = await api.post('/selfcare/sessions/nope/events', { type: 'article_viewed', articleId: article('facture-comprendre') });
    const unknownFlow = await step({ flowId: 'no-such-flow', stepId: 'restart', answer: 'solved' });
    const missingFlow = await api.get('/flows/no-such-flow');
    const notCurrent = await step({ flowId: 'internet-box-down-en', stepId: 'cables', answer: 'solved' });
    const unknownAnswer = await step({ flowId: 'internet-box-down-en', stepId: 'restart', answer: 'maybe' });
    const firstVote = await api.post(`/selfcare/sessions/${sessionId}/events`, {
      type: 'article_voted',
      articleId: article('facture-comprendre'),
      helpful: true,
    });
    const secondVote = await api.post(`/selfcare/sessions/${sessionId}/events`, {
      type: 'article_voted',
      articleId: article('facture-comprendre'),
      helpful: false,
    });
    const oversized = await api.post(`/selfcare/sessions/${sessionId}/events`, {
      type: 'article_voted',
      articleId: article('facture-telecharger'),
      helpful: false,
      reason: 'x'.repeat(201),
    });
    const noPhone = await api.post(`/selfcare/sessions/${sessionId}/handover`, { channel: 'callback', customer: { email: 'a@example.com' } });
    const unknownArticle = await api.post(`/selfcare/sessions/${sessionId}/events`, { type: 'article_viewed', articleId: 'art_01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    const draft = (await api.post('/articles', { locale: 'fr', title: 'Brouillon interne', body: 'Pas encore publié.' }, agent)).body.articleId as string;
    const draftVote = await api.post(`/selfcare/sessions/${sessionId}/events`, { type: 'article_voted', articleId: draft, helpful: true });
    const nothing = await api.post(`/selfcare/sessions/${sessionId}/events`, { type: 'article_viewed', articleId: article('paiement') });

    expect(unknownSession.status).toBe(404);
    expect(malformedSession.status).toBe(400);
    expect(unknownFlow.status).toBe(422);
    expect(missingFlow.status).toBe(404);
    expect(notCurrent.status).toBe(409);
    expect(notCurrent.body.field ?? notCurrent.body.errors?.[0]?.field).toBe('stepId');
    expect(unknownAnswer.status).toBe(422);
    expect(firstVote.status).toBe(201);
    expect(secondVote.status).toBe(409);
    expect(oversized.status).toBe(400);
    expect(noPhone.status).toBe(422);
    expect([unknownArticle.status, unknownArticle.body.field ?? unknownArticle.body.errors?.[0]?.field]).toEqual([422, 'articleId']);
    expect([draftVote.status, draftVote.body.field ?? draftVote.body.errors?.[0]?.field]).toEqual([422, 'articleId']);
    // Only the first vote and the last view were written.
    expect(nothing.body.activities).toBe(2);
  });

  it('validates a flow on create, naming the field: a next step that does not exist, an unreachable step, a missing start; a second flow with the same id is a 409', async () => {
    const base = {
      flowId: `test-${Math.random().toString(36).slice(2, 8)}`,
      locale: 'en',
      title: 'Test',
      startStepId: 'a',
      steps: [{ stepId: 'a', instruction: 'Do a', answers: [{ answerId: 'ok', label: 'OK', next: { outcome: 'solved' } }] }],
    };
    const dangling = await api.post(
      '/flows',
      { ...base, steps: [{ ...base.steps[0], answers: [{ answerId: 'x', label: 'X', next: { step: 'zz' } }] }] },
      supervisor,
    );
    const orphan = await api.post('/flows', { ...base, steps: [...base.steps, { ...base.steps[0], stepId: 'b' }] }, supervisor);
    const noStart = await api.post('/flows', { ...base, startStepId: 'q' }, supervisor);
    const byAgent = await api.post('/flows', base, agent);
    const created = await api.post('/flows', base, supervisor);
    const duplicate = await api.post('/flows', base, supervisor);

    expect(dangling.status).toBe(400);
    expect(JSON.stringify(dangling.body)).toContain('steps.0.answers.0.next.step');
    expect(orphan.status).toBe(400);
    expect(JSON.stringify(orphan.body)).toContain('steps.1.stepId');
    expect(noStart.status).toBe(400);
    expect(JSON.stringify(noStart.body)).toContain('startStepId');
    expect(byAgent.status).toBe(403);
    expect(created.status).toBe(201);
    expect(duplicate.status).toBe(409);
  });

  it('a customer session: a signed-in customer claims it (a web_selfcare contact on their timeline), another customer cannot, and the handover goes to their profile', async () => {
    const owner = (await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email: `own-${Math.random()}@example.com` } }, agent))
      .body.customerId as string;
    const [customer, stranger] = await Promise.all([runtime.token('customer', owner), runtime.token('customer', `cus_${Math.random().toString(36).slice(2)}`)]);
    const sessionId = await newSession();

    const identified = await api.post(`/selfcare/sessions/${sessionId}/identify`, undefined, customer);
    const again = await api.post(`/selfcare/sessions/${sessionId}/identify`, undefined, customer);
    const stolen = await api.post(`/selfcare/sessions/${sessionId}/identify`, undefined, stranger);
    const byAgent = await api.post(`/selfcare/sessions/${sessionId}/identify`, undefined, agent);
    const timeline = await api.get(`/customers/${owner}/timeline`, customer);
    const handed = await api.post(`/selfcare/sessions/${sessionId}/handover`, { channel: 'chat', customer: { email: `other-${Math.random()}@example.com` } });

    expect(identified.status).toBe(200);
    expect(identified.body.customerId).toBe(owner);
    expect(again.status).toBe(200);
    expect(stolen.status).toBe(404);
    expect(byAgent.status).toBe(403);
    expect(
      timeline.body.items.filter(
        (item: { interaction?: { channel: string; metadata?: Record<string, string> } }) => item.interaction?.metadata?.selfcareSessionId === sessionId,
      ),
    ).toHaveLength(1);
    expect(handed.status).toBe(201);
    expect(handed.body.customerId).toBe(owner);
  });

  it('keeps sessions apart: another id reaches nothing, and session ids do not repeat', async () => {
    const mine = await newSession();
    const theirs = await newSession();
    await api.post(`/selfcare/sessions/${mine}/steps`, { flowId: 'internet-box-down-en', stepId: 'restart', answer: 'not-solved' });
    // Their session is at its start: my position does not leak into it.
    const theirStep = await api.post(`/selfcare/sessions/${theirs}/steps`, { flowId: 'internet-box-down-en', stepId: 'lights', answer: 'off' });
    const ids = new Set(await Promise.all(Array.from({ length: 10 }, newSession)));

    expect(mine).not.toBe(theirs);
    expect(theirStep.status).toBe(409);
    expect(ids.size).toBe(10);
  });
});
