import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerStore } from '../../functions/adapters/dynamodb/customer-store';
import type { LocalRuntime } from '../../local/runtime';
import { dataClients } from '../helpers/local-aws';
import { apiClient, startTestRuntime } from '../helpers/runtime';

describe('Customer attributes: segments for incidents, the VIP flag for escalations', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;

  const newCustomer = async () =>
    (await api.post('/interactions', { channel: 'app', direction: 'inbound', customer: { email: `seg-${Math.random()}@example.com` } }, agent)).body
      .customerId as string;
  const members = async (attribute: string, value: string) => {
    const store = new CustomerStore(dataClients().documentClient, runtime.names.dataTable);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      // Pages of one, so that the cursor is exercised.
      const page = await store.segmentPage(attribute, value, cursor, 1);
      ids.push(...page.customerIds);
      cursor = page.next;
    } while (cursor);
    return ids.sort();
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
  });
  afterAll(() => runtime?.stop());

  it('sets, changes and removes segments, and the segment lists follow', async () => {
    const [a, b] = [await newCustomer(), await newCustomer()];

    const setA = await api.patch(`/customers/${a}`, { segments: { zone: 'paris-11', offer: 'fibre-1g' } }, agent);
    await api.patch(`/customers/${b}`, { segments: { zone: 'paris-11' } }, agent);
    await api.patch(`/customers/${a}`, { segments: { zone: 'lyon-3', offer: null } }, agent);
    await runtime.relayIdle();

    expect(setA.status).toBe(200);
    expect(setA.body.segments).toEqual({ zone: 'paris-11', offer: 'fibre-1g' });
    expect((await api.get(`/customers/${a}`, agent)).body.segments).toEqual({ zone: 'lyon-3' });
    expect(await members('zone', 'paris-11')).toEqual([b]);
    expect(await members('zone', 'lyon-3')).toEqual([a]);
    expect(await members('offer', 'fibre-1g')).toEqual([]);
    const updates = runtime
      .events()
      .filter((e) => e['detail-type'] === 'CustomerUpdated.v1' && (e.detail as { data: { customerId: string } }).data.customerId === a);
    expect(updates.map((e) => (e.detail as { data: { changed: string[] } }).data.changed)).toEqual([
      ['zone', 'offer'],
      ['zone', 'offer'],
    ]);
  });

  it('refuses bad updates with the field named, writes nothing, and keeps customers out', async () => {
    const customerId = await newCustomer();
    const customer = await runtime.token('customer', customerId);
    const db = dataClients().documentClient;
    // After what earlier requests caused has settled: the KPI consumer writes its counters as their events arrive.
    const count = async () => {
      await runtime.settled();
      return (await db.send(new ScanCommand({ TableName: runtime.names.dataTable, Select: 'COUNT' }))).Count;
    };
    const before = await count();

    const unknownAttribute = await api.patch(`/customers/${customerId}`, { segments: { planet: 'mars' } }, agent);
    const badValue = await api.patch(`/customers/${customerId}`, { segments: { zone: '<script>' } }, agent);
    const empty = await api.patch(`/customers/${customerId}`, {}, agent);
    const byCustomer = await api.patch(`/customers/${customerId}`, { vip: true }, customer);
    const unknown = await api.patch('/customers/cus_nobody', { vip: true }, agent);

    expect([unknownAttribute.status, badValue.status, empty.status, byCustomer.status, unknown.status]).toEqual([400, 400, 400, 403, 404]);
    expect(badValue.body.errors[0].field).toBe('segments.zone');
    expect(await count()).toBe(before);
  });

  it('escalates the open case of a VIP customer on their next contact', async () => {
    const customerId = await newCustomer();
    const supportCase = (await api.post('/cases', { customerId, subject: 'Invoice question' }, agent)).body;
    await api.patch(`/customers/${customerId}`, { vip: true }, agent);

    const contact = await api.post(
      '/interactions',
      { channel: 'phone', direction: 'inbound', customer: { customerId }, caseId: supportCase.caseId, text: 'Hello, any news?' },
      agent,
    );

    expect(contact.body.autoEscalation).toMatchObject({ queue: 'expert', reason: 'Automatic: VIP customer' });
  });
});
