import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * GET /customers/{customerId}/export (GDPR art. 15 and 20): every record about the customer, one
 * page at a time, each page validated against the schema the repository publishes
 * (docs/openapi.json, `CustomerExport`) by a JSON Schema validator of its own, not the zod schema
 * it was generated from.
 */
describe('Export', { timeout: 120_000 }, () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  const tag = Math.random().toString(36).slice(2, 8);

  const published = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/openapi.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: published.components });
  const validate = ajv.getSchema('openapi.json#/components/schemas/CustomerExport')!;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
  });
  afterAll(() => runtime?.stop());

  it('exports every record of the customer, page by page, each page valid against the published schema', async () => {
    // Prepare: 205 contacts (more than a page of 200), a case, a callback, preferences.
    const email = `export-${tag}@example.com`;
    const phone = `+3362${String(Math.floor(1e6 + Math.random() * 8e6)).padStart(7, '0')}`;
    const first = await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email, phone }, text: `Contact 0 ${tag}` }, agent);
    const customerId = first.body.customerId as string;
    for (let batch = 0; batch < 17; batch++) {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { customerId }, text: `Contact ${1 + batch * 12 + i} ${tag}` }, agent),
        ),
      );
    }
    const supportCase = (await api.post('/cases', { customerId, subject: `Export ${tag}`, description: 'All of it' }, agent)).body;
    await api.put(`/customers/${customerId}/preferences`, { consent: { sms: true }, preferredChannel: 'sms', language: 'fr' }, agent);
    const customer = await runtime.token('customer', customerId);
    const callback = (await api.post('/callbacks', { phone, when: 'asap', scheduleIfClosed: true }, customer)).body;
    await runtime.settled();

    // Act: the customer exports, following nextCursor.
    const pages: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get(`/customers/${customerId}/export${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, customer);
      expect(page.status).toBe(200);
      pages.push(page.body);
      cursor = page.body.nextCursor;
    } while (cursor);

    // Assess: each page valid against the published schema; together, every record, once.
    for (const page of pages) expect(validate(page) ? [] : validate.errors).toEqual([]);
    expect(pages).toHaveLength(2);
    expect(pages[0].profile.identities).toMatchObject({ emails: [email], phones: [phone] });
    expect(pages[0].preferences).toMatchObject({ consent: { sms: true }, preferredChannel: 'sms', language: 'fr' });
    const texts = pages.flatMap((page) => page.interactions.map((interaction: { text: string }) => interaction.text));
    expect(new Set(texts)).toEqual(new Set(Array.from({ length: 205 }, (_, i) => `Contact ${i} ${tag}`)));
    expect(texts).toHaveLength(205);
    expect(pages.flatMap((page) => page.cases.map((c: { caseId: string; subject: string }) => [c.caseId, c.subject]))).toEqual([
      [supportCase.caseId, `Export ${tag}`],
    ]);
    expect(pages.flatMap((page) => page.callbacks.map((c: { callbackId: string }) => c.callbackId))).toEqual([callback.callbackId]);
    // Another customer's export is not theirs to read; a bad cursor names the field.
    const someoneElse = (await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email: `other-${tag}@example.com` } }, agent))
      .body.customerId;
    expect((await api.get(`/customers/${someoneElse}/export`, customer)).status).toBe(403);
    expect((await api.get(`/customers/${customerId}/export?cursor=nope`, customer)).body.errors[0].field).toBe('cursor');
    expect((await api.get(`/customers/${customerId}/export`, agent)).status).toBe(403);
  });
});
