import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * GET /cases: the agent desktop's case list, over HTTP on the local runtime. Each test file has
 * tables of its own, so the lists hold only the cases this file opens.
 */
describe('Case lists (GET /cases)', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let otherAgent: string;
  let supervisor: string;
  let db: DynamoDBClient;
  let customerId: string;
  /** Opened in this order: each later one changed more recently. */
  const opened: Record<'billing' | 'router' | 'move' | 'invoice' | 'wifi', string> = {} as never;

  const ids = (body: { items: { caseId: string }[] }) => body.items.map((item) => item.caseId);
  const itemCount = async () => {
    await runtime.settled();
    return (await db.send(new ScanCommand({ TableName: runtime.names.dataTable, Select: 'COUNT' }))).Count ?? 0;
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent', undefined, { subject: 'agent-ada' });
    otherAgent = await runtime.token('agent', undefined, { subject: 'agent-bob' });
    supervisor = await runtime.token('supervisor');
    db = new DynamoDBClient(localAwsClientConfig(runtime.endpoints.dynamodb));

    // Prepare: one customer, five cases (assigned, prioritised, one escalated to the expert queue,
    // one pending, one resolved), each change a few ms after the one before.
    const contact = await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email: 'list@example.com' }, text: 'Hi' }, agent);
    customerId = contact.body.customerId;
    const open = async (subject: string, extra: Record<string, unknown> = {}) => {
      const response = await api.post('/cases', { customerId, subject, channel: 'email', ...extra }, agent);
      expect(response.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return response.body.caseId as string;
    };
    opened.billing = await open('Billing', { assigneeId: 'agent-ada', priority: 'high' });
    opened.router = await open('Router', { assigneeId: 'agent-bob' });
    opened.move = await open('Moving house', { priority: 'high' });
    opened.invoice = await open('Invoice copy', { assigneeId: 'agent-ada' });
    opened.wifi = await open('Wi-Fi drops');
    expect((await api.post(`/cases/${opened.router}/escalations`, { skill: 'network', priority: 'normal', reason: 'line test' }, agent)).status).toBe(202);
    await runtime.settled();
    expect((await api.patch(`/cases/${opened.invoice}`, { status: 'pending' }, agent)).status).toBe(200);
    expect((await api.patch(`/cases/${opened.wifi}`, { status: 'resolved' }, agent)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    db?.destroy();
    await runtime?.stop();
  });

  it('lists the open cases, most recently changed first, with what a list row shows', async () => {
    // Act
    const response = await api.get('/cases', agent);

    // Assess: the router case was changed last (its escalation was assigned after it was opened).
    expect(response.status).toBe(200);
    expect(ids(response.body)).toEqual([opened.router, opened.move, opened.billing]);
    expect(response.body.nextCursor).toBeUndefined();
    const router = response.body.items[0];
    expect(router).toMatchObject({ subject: 'Router', customerId, channel: 'email', priority: 'normal', status: 'open', escalation: { queue: 'expert' } });
    expect(router.slaDueAt).toBe(router.sla.firstResponse.dueAt);
  });

  it('keeps each case at its last change, the escalation worker’s assignment included', async () => {
    // Act
    const router = (await api.get(`/cases/${opened.router}`, agent)).body;
    const { Item } = await db.send(new GetItemCommand({ TableName: runtime.names.dataTable, Key: { pk: { S: `CASE#${opened.router}` }, sk: { S: 'CASE' } } }));

    // Assess: the assignment (a partial update of the case) moved its place on the list too.
    expect(router.escalation.status).toBe('assigned');
    expect(router.updatedAt).toBe(router.escalation.assignedAt);
    expect(Item?.caseListKey?.S).toBe('CASES#open');
    expect(Item?.caseListAt?.S).toBe(`${new Date(router.updatedAt).toISOString()}#${opened.router}`);
  });

  it('moves a case between lists as its status changes, and drops a closed one', async () => {
    expect(ids((await api.get('/cases?status=pending', agent)).body)).toEqual([opened.invoice]);
    expect(ids((await api.get('/cases?status=resolved', supervisor)).body)).toEqual([opened.wifi]);

    // Act: close the resolved case, reopen it, close it again.
    expect((await api.patch(`/cases/${opened.wifi}`, { status: 'closed' }, agent)).status).toBe(200);
    const afterClose = await api.get('/cases?status=resolved', agent);
    expect((await api.patch(`/cases/${opened.wifi}`, { status: 'open' }, agent)).status).toBe(200);
    const afterReopen = await api.get('/cases', agent);
    expect((await api.patch(`/cases/${opened.wifi}`, { status: 'closed' }, agent)).status).toBe(200);

    // Assess
    expect(ids(afterClose.body)).toEqual([]);
    expect(ids(afterReopen.body)[0]).toBe(opened.wifi);
    expect(ids((await api.get('/cases', agent)).body)).not.toContain(opened.wifi);
  });

  it('filters by assignee (me, none, an id), queue and priority', async () => {
    expect(ids((await api.get('/cases?assignee=me', agent)).body)).toEqual([opened.billing]);
    expect(ids((await api.get('/cases?assignee=me', otherAgent)).body)).toEqual([opened.router]);
    expect(ids((await api.get('/cases?assignee=agent-ada&status=pending', supervisor)).body)).toEqual([opened.invoice]);
    expect(ids((await api.get('/cases?assignee=none', agent)).body)).toEqual([opened.move]);
    expect(ids((await api.get('/cases?queue=expert', agent)).body)).toEqual([opened.router]);
    expect(ids((await api.get('/cases?queue=urgent', agent)).body)).toEqual([]);
    expect(ids((await api.get('/cases?priority=high', agent)).body)).toEqual([opened.move, opened.billing]);
    expect(ids((await api.get('/cases?priority=high&assignee=me', agent)).body)).toEqual([opened.billing]);
  });

  it('pages with an opaque cursor, every case once, in order, filtered or not', async () => {
    // Act
    const first = await api.get('/cases?limit=2', agent);
    const second = await api.get(`/cases?limit=2&cursor=${first.body.nextCursor}`, agent);
    const filteredFirst = await api.get('/cases?limit=1&priority=high', agent);
    const filteredSecond = await api.get(`/cases?limit=1&priority=high&cursor=${filteredFirst.body.nextCursor}`, agent);

    // Assess
    expect(ids(first.body)).toEqual([opened.router, opened.move]);
    expect(first.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(ids(second.body)).toEqual([opened.billing]);
    expect(second.body.nextCursor).toBeUndefined();
    expect(ids(filteredFirst.body)).toEqual([opened.move]);
    expect(ids(filteredSecond.body)).toEqual([opened.billing]);
  });

  it('shows an exact page with no cursor: the last page never comes back empty', async () => {
    const page = await api.get('/cases?limit=3', agent);
    expect(ids(page.body)).toHaveLength(3);
    expect(page.body.nextCursor).toBeUndefined();
  });

  it('is for agents and supervisors: a customer and an integration get 403, no token 401', async () => {
    const customer = await runtime.token('customer', customerId);
    const integration = await runtime.token('integration');

    for (const [token, status] of [
      [customer, 403],
      [integration, 403],
      [undefined, 401],
    ] as const) {
      const response = await api.get('/cases', token);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it.each([
    ['status=closed', 'status'],
    ['status=everything', 'status'],
    ['queue=vip', 'queue'],
    ['priority=critical', 'priority'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=not*a*cursor', 'cursor'],
    [`cursor=${Buffer.from('forged').toString('base64url')}`, 'cursor'],
    [`assignee=${'x'.repeat(101)}`, 'assignee'],
    ['assignee=', 'assignee'],
    ['team=network', 'team'],
  ])('refuses %s with a 400 naming %s, writing nothing', async (query, field) => {
    const before = await itemCount();

    const response = await api.get(`/cases?${query}`, agent);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await itemCount()).toBe(before);
  });
});
