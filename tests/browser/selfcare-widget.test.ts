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

  it('the seed story: search, follow the flow, restart the box, not solved, ask for a callback; the agent desktop shows the restart first, and the agent resolves the case', async () => {
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
    await desktop.getByRole('button', { name: 'Résoudre' }).click();
    await eventually(() => desktop.locator('#dk-case ~ p strong').first().textContent()).toBe('resolved');

    // Assess
    expect(searchViolations).toEqual([]);
    expect(contactViolations).toEqual([]);
    expect(desktopViolations).toEqual([]);
    expect(firstSection).toBe('Déjà essayé');
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
    await page.keyboard.press('Tab'); // from the heading to the channel choice
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
});
