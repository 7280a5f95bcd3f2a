import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi } from '../../local/build-ui';
import { seedDemoKnowledge } from '../../local/demo-knowledge';
import type { LocalRuntime } from '../../local/runtime';
import { seedSelfcareFlows } from '../../local/selfcare-seed';
import { eventually, screenshotPath, seriousViolations, startBrowser } from '../helpers/browser';
import { apiClient, startTestRuntime, alwaysOpenHours as alwaysOpen } from '../helpers/runtime';

/**
 * The self-care widget in real Chromium, on the demo page, against the local backend: what a
 * visitor does with a mouse or a keyboard, and what the agent then sees.
 */
/** The link the demo client's resolved notice carries (clients/demo.json `surveys.pageUrl`). */
const surveyLink = /https:\/\/survey\.demo\.example\.com\/s\/([A-Za-z0-9_-]+)/;

describe('Browser: the self-care widget on the demo page', { timeout: 120_000 }, () => {
  let runtime: LocalRuntime;
  let browser: Awaited<ReturnType<typeof startBrowser>>;
  let context: BrowserContext;
  let agent: string;

  beforeAll(async () => {
    const uiDir = await buildUi(mkdtempSync(join(tmpdir(), 'ui-')));
    runtime = await startTestRuntime({ businessHours: alwaysOpen }, { uiDir });
    const supervisor = await runtime.token('supervisor');
    agent = await runtime.token('agent');
    const articles = (await seedDemoKnowledge(runtime.url, supervisor)).ids;
    await runtime.settled();
    await seedSelfcareFlows(runtime, 'demo', articles);
    browser = await startBrowser();
    context = browser.context;
    // The UI build, the runtime and (for the widget) the demo knowledge base: minutes on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await browser?.stop();
    await runtime?.stop();
  });

  it('the seed story: search, follow the flow, restart the box, not solved, ask for a callback; the agent desktop shows the restart first, the agent resolves the case, the customer answers the survey, the supervisor view counts it', async () => {
    const page = await context.newPage();
    await page.goto(`${runtime.url}/ui/demo.html`);
    const widget = page.locator('#help');

    // Search as you type.
    await widget.getByLabel('Rechercher dans l’aide').fill('box internet clignote rouge');
    await eventually(() => widget.locator('.sw-result-title').first().textContent()).toContain('voyant clignote en rouge');
    await page.screenshot({ path: screenshotPath('widget-fr-search') });
    const searchViolations = await seriousViolations(page);

    // The guided flow: restart the box, not solved; the lights are off: the article it leads to.
    await widget.getByRole('button', { name: 'Ma box internet ne fonctionne plus (voyant rouge qui clignote)' }).click();
    await eventually(() => widget.locator('h2').textContent()).toMatch(/^Redémarrez la box/);
    await widget.getByRole('button', { name: 'Toujours en panne' }).click();
    await widget.getByRole('button', { name: 'Éteint' }).click();
    await eventually(() => widget.locator('h2').textContent()).toContain('voyant clignote en rouge');
    await widget.getByRole('button', { name: 'Non' }).click();
    await widget.getByLabel('Qu’est-ce qui manquait ? (facultatif)').fill('Mes voyants sont rouges');
    await widget.getByRole('button', { name: 'Envoyer' }).click();
    await eventually(() => widget.textContent()).toContain('Merci pour votre avis.');
    await page.screenshot({ path: screenshotPath('widget-fr-article') });

    // Contact us: a callback, first with a phone number that is not one (the field says why).
    await widget.getByRole('button', { name: 'Nous contacter' }).last().click();
    await widget.getByLabel('Numéro de téléphone').fill('06 12');
    await widget.getByRole('button', { name: 'Envoyer' }).click();
    const fieldError = widget.locator('#sw-phone-error');
    await eventually(() => fieldError.textContent()).toContain('format international');
    await page.screenshot({ path: screenshotPath('widget-fr-contact') });
    const contactViolations = await seriousViolations(page);
    const phone = `+3367${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    await widget.getByLabel('Numéro de téléphone').fill(phone);
    await widget.getByLabel('Votre message (facultatif)').fill("J'ai déjà débranché la box deux fois.");
    await widget.getByRole('button', { name: 'Envoyer' }).click();
    await eventually(() => widget.locator('h2').textContent()).toMatch(
      /votre demande case_\w+ est ouverte\. Un conseiller vous (appelle dans|appelle dès que possible)/,
    );
    await page.screenshot({ path: screenshotPath('widget-fr-done') });
    const caseId = /case_\w+/.exec((await widget.locator('h2').textContent()) ?? '')![0];

    // What the phone agent sees first, through the API and on the agent desktop.
    await runtime.settled();
    const context_ = await apiClient(runtime.url).get(`/cases/${caseId}/context`, agent);
    const tried = context_.body.alreadyTried as { kind: string; summary: string }[];
    const desktop = await context.newPage();
    await desktop.goto(`${runtime.url}/ui/desktop.html`);
    await desktop.getByRole('button', { name: 'Français' }).click();
    await desktop.getByRole('button', { name: 'Se connecter (agent)' }).click();
    await desktop.getByLabel('Par').selectOption('phone');
    await desktop.getByLabel('Valeur').fill(phone);
    await desktop.getByRole('button', { name: 'Chercher' }).click();
    await desktop.getByRole('link', { name: /Dossier : Self-care: internet-box-down-fr/ }).click();
    await eventually(() => desktop.locator('.dk-tried li').first().textContent()).toMatch(/Redémarrez la box.*: Toujours en panne/);
    const desktopViolations = await seriousViolations(desktop);
    await desktop.screenshot({ path: screenshotPath('desktop-fr-case'), fullPage: true });
    const firstSection = await desktop.locator('#dk-case ~ h2').first().textContent();
    // In the agent's language, from the entries' fields (the API's summaries are English).
    const triedLines = await desktop.locator('.dk-tried li').allTextContents();
    // The customer consents to SMS (as they would on the phone), so the resolved notice reaches them.
    const customerId = (await apiClient(runtime.url).get(`/cases/${caseId}`, agent)).body.customerId as string;
    await apiClient(runtime.url).put(`/customers/${customerId}/preferences`, { consent: { sms: true }, language: 'fr' }, agent);
    await desktop.getByRole('button', { name: 'Résoudre' }).click();
    await eventually(() => desktop.locator('#dk-case ~ p strong').first().textContent()).toBe('resolved');

    // The resolved notice's survey link opens the survey page: the customer answers.
    await runtime.settled();
    const notice = runtime.webhooks
      .received()
      .filter((w) => w.target === 'messaging' && w.body.data.customerId === customerId)
      .map((w) => w.body.data.text as string)
      .find((text) => surveyLink.test(text));
    const survey = await context.newPage();
    await survey.goto(`${runtime.url}/ui/survey.html?token=${surveyLink.exec(notice ?? '')?.[1]}`);
    await survey.getByRole('radio', { name: '5' }).first().check();
    await survey
      .getByRole('group', { name: /choisiriez/i })
      .getByRole('radio', { name: 'Oui' })
      .check();
    const surveyViolations = await seriousViolations(survey);
    await survey.screenshot({ path: screenshotPath('survey-fr'), fullPage: true });
    await survey.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await eventually(() => survey.getByRole('status').textContent()).toBe('Merci ! Votre avis est enregistré.');
    await survey.reload();
    await eventually(() => survey.getByRole('status').textContent()).toBe('Vous avez déjà répondu à ce questionnaire. Merci !');

    // The supervisor view shows the answer in today's figures.
    await runtime.settled();
    const supervision = await context.newPage();
    await supervision.goto(`${runtime.url}/ui/supervisor.html`);
    await supervision.getByRole('button', { name: 'Français' }).click();
    await supervision.getByRole('button', { name: 'Se connecter (supervisor)' }).click();
    const csatTile = supervision.locator('.sp-tile', { hasText: 'Satisfaits (CSAT 4–5)' });
    await eventually(() => csatTile.textContent()).toContain('1 réponse(s)');
    const preferenceTile = supervision.locator('.sp-tile', { hasText: 'Nous choisiraient à nouveau' });
    const supervisorViolations = await seriousViolations(supervision);
    await supervision.screenshot({ path: screenshotPath('supervisor-fr'), fullPage: true });

    // Assess
    expect(searchViolations).toEqual([]);
    expect(contactViolations).toEqual([]);
    expect(desktopViolations).toEqual([]);
    expect(surveyViolations).toEqual([]);
    expect(supervisorViolations).toEqual([]);
    expect(await csatTile.locator('.sp-tile-value').textContent()).toBe('100 %');
    expect(await preferenceTile.locator('.sp-tile-value').textContent()).toBe('100 %');
    expect(firstSection).toBe('Déjà essayé');
    expect(
      triedLines.some((line) =>
        line.includes('A trouvé « Ma box internet ne fonctionne plus : le voyant clignote en rouge » pas utile (« Mes voyants sont rouges »)'),
      ),
    ).toBe(true);
    expect(triedLines.some((line) => line.includes('Dit avoir déjà débranché et rebranché (web_selfcare)'))).toBe(true);
    expect(Object.keys(context_.body)[0]).toBe('alreadyTried');
    expect(tried.map((entry) => entry.kind)).toEqual(['flow_step', 'flow_step', 'article_viewed', 'article_voted', 'said']);
    expect(tried[0]!.summary).toMatch(/^Redémarrez la box.*: Toujours en panne$/);
    await page.close();
  });

  it('the main path by keyboard only, in English: search, open an article, contact us by email', async () => {
    const page = await context.newPage();
    // The same page, with the English embed (the customer's language drives the widget).
    await page.goto(`${runtime.url}/ui/demo.html`);
    await page.evaluate(() => sessionStorage.clear());
    await page.setContent(
      (await page.content()).replace('data-locale="fr"', 'data-locale="en"').replace('data-flows="internet-box-down-fr"', 'data-flows="internet-box-down-en"'),
    );
    await page.waitForSelector('#sw-search');

    // Act: Tab to the search, type, Tab to the first result, Enter; then to "Contact us".
    await page.keyboard.press('Tab');
    // The first Tab lands on the search field (typing before focus is there would type nowhere).
    await page.waitForFunction("document.activeElement?.id === 'sw-search'");
    await page.keyboard.type('invoice');
    await page.waitForSelector('.sw-result');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('article h2').textContent()).not.toBe('…');
    const articleTitle = await page.locator('article h2').textContent();
    await page.screenshot({ path: screenshotPath('widget-en-article') });
    await page.getByRole('button', { name: 'Contact us' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#sw-phone');
    // The panel moves the focus to its heading once it has rendered: wait for it (a loaded
    // machine renders late, and a Tab pressed before lands elsewhere).
    const focused = () => page.evaluate<string>("(document.activeElement?.tagName ?? '') + ':' + (document.activeElement?.type ?? '')");
    await eventually(focused).toMatch(/^H2:/);
    await page.keyboard.press('Tab'); // from the heading to the channel choice
    await eventually(focused).toBe('INPUT:radio');
    await page.keyboard.press('ArrowDown'); // "Leave a message"
    await page.waitForSelector('#sw-email');
    await page.locator('#sw-email').focus();
    await page.keyboard.type(`keyboard-${Math.random().toString(36).slice(2)}@example.com`);
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.sw-panel h2').textContent()).toMatch(/Got it: your request case_\w+ is open/);
    const violations = await seriousViolations(page);

    // Assess
    expect(articleTitle?.toLowerCase()).toContain('invoice');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('the supervisor view in English: declare an incident for a zone, watch its deliveries, resolve it', async () => {
    // Prepare: a customer in the zone who consented to SMS.
    const api = apiClient(runtime.url);
    const zone = `zone-${Math.random().toString(36).slice(2, 8)}`;
    const created = await api.post(
      '/interactions',
      { channel: 'phone', direction: 'inbound', customer: { phone: `+3362${Math.floor(1e7 + Math.random() * 8e7)}` } },
      agent,
    );
    const customerId = created.body.customerId as string;
    await api.patch(`/customers/${customerId}`, { segments: { zone } }, agent);
    await api.put(`/customers/${customerId}/preferences`, { consent: { sms: true }, language: 'en' }, agent);
    await runtime.settled();
    const page = await context.newPage();
    await page.goto(`${runtime.url}/ui/supervisor.html`);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    if (await page.getByRole('button', { name: 'English' }).isVisible()) await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Sign in as supervisor' }).click();

    // Act: declare it, with an empty title first (the field is named).
    await page.getByLabel('Affected zones (comma-separated)').fill(zone);
    await page.getByLabel('Message to customers (English)').fill('Fibre outage in your area: we are on it.');
    await page.getByRole('button', { name: 'Declare an incident' }).last().click();
    await eventually(() => page.getByRole('alert').textContent()).toContain('title');
    await page.getByLabel('Title').fill('Fibre outage');
    await page.getByRole('button', { name: 'Declare an incident' }).last().click();
    await eventually(() => page.getByRole('status').textContent()).toContain('Declared: Fibre outage');
    await runtime.settled();
    const sent = page.locator('.sp-deliveries div', { hasText: 'sent' }).locator('dd');
    await eventually(() => sent.textContent()).toBe('1');
    const violations = await seriousViolations(page);
    await page.screenshot({ path: screenshotPath('supervisor-en-incident'), fullPage: true });
    await page.getByRole('button', { name: 'Resolve' }).click();

    // Assess
    await eventually(() => page.locator('.sp-status').textContent()).toMatch(/^resolved/);
    expect(violations).toEqual([]);
    // Told twice: when it was declared, and when it was resolved.
    await runtime.settled();
    expect(runtime.webhooks.received().filter((w) => w.target === 'messaging' && w.body.data.customerId === customerId)).toHaveLength(2);
    // Their case resolved, the survey page shows the questions in their language.
    const opened = await api.post('/cases', { customerId, subject: 'No internet', channel: 'phone' }, agent);
    await api.patch(`/cases/${opened.body.caseId}`, { status: 'resolved' }, agent);
    await runtime.settled();
    const link = runtime.webhooks
      .received()
      .filter((w) => w.target === 'messaging' && w.body.data.customerId === customerId)
      .map((w) => surveyLink.exec(w.body.data.text as string)?.[1])
      .find(Boolean);
    const survey = await context.newPage();
    await survey.goto(`${runtime.url}/ui/survey.html?token=${link}`);
    await eventually(() => survey.locator('h1').textContent()).toBe('Your opinion matters');
    await eventually(() => survey.locator('legend').first().textContent()).not.toBe('');
    const surveyViolations = await seriousViolations(survey);
    await survey.screenshot({ path: screenshotPath('survey-en'), fullPage: true });
    expect(surveyViolations).toEqual([]);
    await survey.close();
    await page.close();
  });
});
