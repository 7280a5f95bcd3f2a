import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi } from '../../local/build-ui';
import type { LocalRuntime } from '../../local/runtime';
import { eventually, screenshotPath, seriousViolations, startBrowser } from '../helpers/browser';
import { dataClients } from '../helpers/local-aws';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/** The local console (npm start only) in real Chromium: the bus, the queues with a redrive, the webhook receiver. */
describe('Browser: the local console', { timeout: 120_000 }, () => {
  let runtime: LocalRuntime;
  let browser: Awaited<ReturnType<typeof startBrowser>>;

  beforeAll(async () => {
    const uiDir = await buildUi(mkdtempSync(join(tmpdir(), 'ui-')));
    runtime = await startTestRuntime({}, { uiDir });
    browser = await startBrowser();
    // The UI build, the runtime and (for the widget) the demo knowledge base: minutes on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await browser?.stop();
    await runtime?.stop();
  });

  it('shows the events on the bus, the dead letters of a queue, and moves them back with Redrive', async () => {
    // Prepare: a contact (an event on the bus) and a message in the callback queue's dead letters.
    const agent = await runtime.token('agent');
    const recorded = await apiClient(runtime.url).post(
      '/interactions',
      { channel: 'chat', direction: 'inbound', customer: { email: 'console@example.com' } },
      agent,
    );
    await runtime.settled();
    await dataClients().sqs.send(new SendMessageCommand({ QueueUrl: runtime.queues.callbacks.deadLetterUrl, MessageBody: '{"not":"a callback"}' }));
    const page = await browser.context.newPage();

    // Act
    await page.goto(`${runtime.url}/ui/console.html`);
    await eventually(() => page.locator('#c-events ~ table').textContent()).toContain(`InteractionRecorded.v1`);
    const eventIds = await page.locator('#c-events ~ table').textContent();
    const callbacksRow = page.getByRole('row', { name: /^callbacks/ });
    await eventually(() => callbacksRow.locator('td').nth(2).textContent()).toBe('1');
    await page.screenshot({ path: screenshotPath('console-en'), fullPage: true });
    const violations = await seriousViolations(page);
    await page.getByRole('button', { name: 'Redrive callbacks' }).click();

    // Assess
    expect(recorded.status).toBe(201);
    expect(eventIds).toContain(`interactionId=${recorded.body.interactionId}`);
    await eventually(() => page.getByRole('status').textContent()).toBe('1 message(s) moved back to callbacks.');
    expect(violations).toEqual([]);
    // In French for a French browser (the console takes the browser's language).
    const french = await browser.context.newPage();
    await french.addInitScript(() => Object.defineProperty(navigator, 'language', { get: () => 'fr-FR' }));
    await french.goto(`${runtime.url}/ui/console.html`);
    await eventually(() => french.locator('header strong').textContent()).toBe('Console locale');
    const frenchViolations = await seriousViolations(french);
    await french.screenshot({ path: screenshotPath('console-fr'), fullPage: true });
    expect(frenchViolations).toEqual([]);
    await french.close();
    await page.close();
  });
});
