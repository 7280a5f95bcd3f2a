import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

describe('Knowledge base and self-care search, over HTTP', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let supervisor: string;
  let customer: string;

  const draft = (title: string, body: string, extra: Record<string, unknown> = {}) =>
    api.post('/articles', { locale: 'fr', title, body, tags: ['box'], ...extra }, agent);
  const search = (q: string, locale = 'fr', sessionId?: string) =>
    api.get(`/selfcare/search?${new URLSearchParams({ q, locale, ...(sessionId ? { sessionId } : {}) })}`);
  const found = async (q: string, locale = 'fr') => ((await search(q, locale)).body.results as { articleId: string }[]).map((hit) => hit.articleId);

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    supervisor = await runtime.token('supervisor');
    customer = await runtime.token('customer', 'kb-customer-1');
  });
  afterAll(() => runtime?.stop());

  it('a published article is public and searchable (accents, typos, prefixes); a draft is neither', async () => {
    // Prepare: one article to publish, one left a draft.
    const published = await draft('Ma box internet clignote en rouge : la redémarrer', 'Débranchez la **box** 10 secondes puis rebranchez-la.');
    const secret = await draft('Brouillon confidentiel zanzibar', 'Une procédure interne zanzibar.');

    // Act
    const beforePublish = await api.get(`/articles/${published.body.articleId}`);
    const publish = await api.post(`/articles/${published.body.articleId}/publish`, undefined, supervisor);
    await runtime.settled();

    // Assess
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ status: 'draft', version: 0, revision: 1, locale: 'fr', tags: ['box'] });
    expect(beforePublish.status).toBe(404);
    expect(publish.status).toBe(200);
    expect(publish.body).toMatchObject({ status: 'published', version: 1 });
    const publicRead = await api.get(`/articles/${published.body.articleId}`);
    expect(publicRead.status).toBe(200);
    expect(publicRead.body.title).toBe('Ma box internet clignote en rouge : la redémarrer');
    const session = await api.post('/selfcare/sessions', {});
    const hits = await search('box internet clignote rouge', 'fr', session.body.sessionId);
    const unknownSession = await search('box internet clignote rouge', 'fr', 'scs_AAAAAAAAAAAAAAAAAAAAAA');
    expect(hits.status).toBe(200);
    expect(hits.body).toMatchObject({ searchId: expect.stringMatching(/^srch_/), sessionId: session.body.sessionId });
    expect(unknownSession.status).toBe(404);
    expect(hits.body.results[0]).toMatchObject({
      articleId: published.body.articleId,
      title: publicRead.body.title,
      snippet: expect.stringContaining('Débranchez'),
    });
    expect(await found('redemarer')).toContain(published.body.articleId);
    expect(await found('clign')).toContain(published.body.articleId);
    // The draft: not found by anyone public, nor in the search, nor in the public list; staff see it.
    expect((await api.get(`/articles/${secret.body.articleId}`)).status).toBe(404);
    expect((await api.get(`/articles/${secret.body.articleId}`, customer)).status).toBe(404);
    expect(await found('zanzibar')).toEqual([]);
    const list = await api.get('/articles?locale=fr');
    expect(list.body.items.map((item: { articleId: string }) => item.articleId)).toContain(published.body.articleId);
    expect(list.body.items.map((item: { articleId: string }) => item.articleId)).not.toContain(secret.body.articleId);
    expect((await api.get('/articles?locale=fr&status=draft')).status).toBe(400);
    const drafts = await api.get('/staff/articles?locale=fr&status=draft', agent);
    expect(drafts.body.items.map((item: { articleId: string }) => item.articleId)).toContain(secret.body.articleId);
    expect((await api.get(`/staff/articles/${secret.body.articleId}`, agent)).body.status).toBe('draft');
    expect((await api.get(`/staff/articles/${secret.body.articleId}`, customer)).status).toBe(403);
  });

  it('archiving takes an article out of the search and the public API; an archived article cannot be published again', async () => {
    const article = await draft('Résiliation de la ligne fixe xylocope', 'Résilier en ligne.');
    await api.post(`/articles/${article.body.articleId}/publish`, undefined, supervisor);
    await runtime.settled();
    expect(await found('resilier xylocope')).toContain(article.body.articleId);

    const archived = await api.post(`/articles/${article.body.articleId}/archive`, undefined, supervisor);
    await runtime.settled();

    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', version: 1 });
    expect(await found('resilier xylocope')).not.toContain(article.body.articleId);
    expect((await api.get(`/articles/${article.body.articleId}`)).status).toBe(404);
    const again = await api.post(`/articles/${article.body.articleId}/publish`, undefined, supervisor);
    expect(again.status).toBe(409);
    expect((await api.patch(`/articles/${article.body.articleId}`, { title: 'Nouveau titre' }, agent)).status).toBe(409);
    // Agents write drafts; only supervisors publish and archive.
    const other = await draft('Autre brouillon', 'Texte.');
    expect((await api.post(`/articles/${other.body.articleId}/publish`, undefined, agent)).status).toBe(403);
  });

  it('editing a published article publishes a new version, searchable by its new words; a stale revision is a 409 that writes nothing', async () => {
    const article = await draft('Facture détaillée', 'Votre facture du mois.');
    await api.post(`/articles/${article.body.articleId}/publish`, undefined, supervisor);

    const edited = await api.patch(`/articles/${article.body.articleId}`, { revision: 2, body: 'Votre facture du mois, et le prorata ornithorynque.' }, agent);
    const stale = await api.patch(`/articles/${article.body.articleId}`, { revision: 2, title: 'Écrasé' }, agent);
    await runtime.settled();

    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'published', version: 2, revision: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.errors ?? [{ field: 'revision' }]).toBeDefined();
    expect((await api.get(`/articles/${article.body.articleId}`)).body.title).toBe('Facture détaillée');
    expect(await found('ornithorynques')).toContain(article.body.articleId);
  });

  it('turns a resolved case into a draft linked to it, tagged with the intents its contacts showed; an open case is a 409', async () => {
    const contact = await api.post(
      '/interactions',
      {
        channel: 'email',
        direction: 'inbound',
        customer: { email: `kb-${Math.random()}@example.com` },
        text: 'Panne internet depuis ce matin, la box ne marche plus.',
      },
      agent,
    );
    const opened = await api.post('/cases', { customerId: contact.body.customerId, subject: 'Box en panne après orage' }, agent);
    await api.post(
      '/interactions',
      {
        channel: 'email',
        direction: 'inbound',
        customer: { customerId: contact.body.customerId },
        caseId: opened.body.caseId,
        text: 'Internet en panne, toujours pas de connexion.',
      },
      agent,
    );
    const tooEarly = await api.post(`/cases/${opened.body.caseId}/article-draft`, { steps: 'Redémarrer la box.' }, agent);
    await api.patch(`/cases/${opened.body.caseId}`, { status: 'resolved' }, agent);

    const drafted = await api.post(
      `/cases/${opened.body.caseId}/article-draft`,
      { steps: '1. Débrancher la box.\n2. Remplacer le bloc secteur.', locale: 'fr' },
      agent,
    );

    expect(tooEarly.status).toBe(409);
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({
      caseId: opened.body.caseId,
      title: 'Box en panne après orage',
      body: '1. Débrancher la box.\n2. Remplacer le bloc secteur.',
      status: 'draft',
      tags: ['outage'],
    });
    expect((await api.post(`/cases/case_01ARZ3NDEKTSV4RRFFQ69G5FAV/article-draft`, { steps: 'x' }, agent)).status).toBe(404);
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const long = await search('a'.repeat(201));
    const unknownLocale = await search('box', 'de');
    const badSession = await search('box', 'fr', 'short');
    const big = await api.post('/articles', { locale: 'fr', title: 'Trop long', body: 'é'.repeat(60 * 1024) }, agent);
    const noLocale = await api.post('/articles', { title: 'Sans langue', body: 'Texte' }, agent);
    const badRoot = await draft('Traduction', 'Texte', { translationOf: 'art_01ARZ3NDEKTSV4RRFFQ69G5FAV' });

    expect(long.status).toBe(400);
    expect(long.body.errors.map((e: { field: string }) => e.field)).toContain('q');
    expect(unknownLocale.status).toBe(400);
    expect(unknownLocale.body.errors.map((e: { field: string }) => e.field)).toContain('locale');
    expect(badSession.body.errors.map((e: { field: string }) => e.field)).toContain('sessionId');
    expect(big.status).toBe(400);
    expect(big.body.errors.map((e: { field: string }) => e.field)).toContain('body');
    expect(noLocale.body.errors.map((e: { field: string }) => e.field)).toContain('locale');
    expect(badRoot.status).toBe(422);
    const drafts = await api.get('/staff/articles?locale=fr&status=draft&limit=100', agent);
    expect(drafts.body.items.map((item: { title: string }) => item.title)).not.toEqual(expect.arrayContaining(['Trop long', 'Traduction']));
  });
});
