import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi } from '../../local/build-ui';
import type { LocalRuntime } from '../../local/runtime';
import { eventually, screenshotPath, seriousViolations, startBrowser } from '../helpers/browser';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * The agent desktop's case list in real Chromium, against the local backend: cases opened through
 * the API show in it, its filters and "More" read the route's pages, and a row opens the case view.
 */
describe('Browser: the agent desktop’s case list', { timeout: 120_000 }, () => {
  let runtime: LocalRuntime;
  let browser: Awaited<ReturnType<typeof startBrowser>>;
  let caseId: string;
  /** Cases opened before the one the test looks for: more than one page (20 rows). */
  const others = 21;

  beforeAll(async () => {
    const uiDir = await buildUi(mkdtempSync(join(tmpdir(), 'ui-')));
    runtime = await startTestRuntime({}, { uiDir });
    const api = apiClient(runtime.url);
    // The desktop's local sign-in uses npm start's dev token for the agent role: subject `dev-agent`.
    const agent = await runtime.token('agent', undefined, { subject: 'dev-agent' });
    const contact = await api.post(
      '/interactions',
      { channel: 'chat', direction: 'inbound', customer: { email: 'caselist@example.com' }, text: 'My bill is wrong.' },
      agent,
    );
    const customerId = contact.body.customerId as string;
    for (let n = 1; n <= others; n++) {
      expect((await api.post('/cases', { customerId, subject: `Older case ${n}`, channel: 'email' }, agent)).status).toBe(201);
    }
    const opened = await api.post('/cases', { customerId, subject: 'Facture en double', channel: 'chat', priority: 'high', assigneeId: 'dev-agent' }, agent);
    expect(opened.status).toBe(201);
    caseId = opened.body.caseId;
    browser = await startBrowser();
    // The UI build and the runtime: minutes on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await browser?.stop();
    await runtime?.stop();
  });

  it('lists a case opened through the API first, filters and pages the list, and opens the case (fr, then en)', async () => {
    const page = await browser.context.newPage();
    const rows = page.locator('.dk-table tbody tr');

    // Act: sign in (French), the list of open cases.
    await page.goto(`${runtime.url}/ui/desktop.html`);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('button', { name: 'Se connecter (agent)' }).click();
    await eventually(() => rows.first().textContent()).toContain('Facture en double');
    const firstRow = await rows.first().locator('td').allTextContents();
    const firstPage = await rows.count();
    await page.getByRole('button', { name: 'Plus de dossiers' }).click();
    await eventually(() => rows.count()).toBe(others + 1);
    const moreAfterLast = await page.getByRole('button', { name: 'Plus de dossiers' }).count();
    // My cases of high priority: only the one.
    await page.getByLabel('Attribué à').selectOption('me');
    await page.getByLabel('Priorité', { exact: true }).selectOption('high');
    await eventually(() => rows.count()).toBe(1);
    const frViolations = await seriousViolations(page);
    await page.screenshot({ path: screenshotPath('desktop-fr-cases'), fullPage: true });
    // Nobody's cases: the others, not this one.
    await page.getByLabel('Attribué à').selectOption('none');
    await page.getByLabel('Priorité', { exact: true }).selectOption('');
    await eventually(() => rows.first().textContent()).toContain(`Older case ${others}`);
    // English, every open case, then the case itself.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Assignee').selectOption('');
    await eventually(() => rows.first().textContent()).toContain('Facture en double');
    const enViolations = await seriousViolations(page);
    await page.screenshot({ path: screenshotPath('desktop-en-cases'), fullPage: true });
    await page.getByRole('link', { name: 'Facture en double' }).click();

    // Assess
    expect(firstPage).toBe(20);
    expect(moreAfterLast).toBe(0);
    expect(firstRow.slice(1)).toEqual([expect.stringMatching(/^cus_/), 'chat', 'haute', 'ouvert', '—', expect.any(String), expect.any(String)]);
    expect(firstRow[7]).not.toBe('—');
    await eventually(() => page.locator('#dk-case').textContent()).toBe('Case: Facture en double');
    expect(page.url()).toContain(`#/case/${caseId}`);
    expect(frViolations).toEqual([]);
    expect(enViolations).toEqual([]);
    await page.close();
  });
});
