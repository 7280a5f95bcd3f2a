import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * Retries with an Idempotency-Key, over HTTP: whatever a retry is answered (a replay, 409 while
 * the first runs, 422 for another body), the first request's record stays, so nothing is written
 * twice; only a success binds the key.
 */
describe('Idempotency-Key: a retry never writes twice', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let db: DynamoDBDocumentClient;

  const interaction = (text: string, customer: Record<string, string> = { email: `${randomUUID()}@example.com` }) => ({
    channel: 'email',
    direction: 'inbound',
    customer,
    text,
  });

  /** Interactions stored with this text, read back from the table (whatever profile they landed on). */
  const interactionsWithText = async (text: string) => {
    const { Items = [] } = await db.send(
      new ScanCommand({
        TableName: runtime.names.dataTable,
        FilterExpression: '#type = :interaction AND #text = :text',
        ExpressionAttributeNames: { '#type': 'type', '#text': 'text' },
        ExpressionAttributeValues: { ':interaction': 'interaction', ':text': text },
        ConsistentRead: true,
      }),
    );
    return Items;
  };

  const idempotencyRecordIds = async () => {
    const { Items = [] } = await db.send(new ScanCommand({ TableName: runtime.names.idempotencyTable, ProjectionExpression: 'id', ConsistentRead: true }));
    return new Set(Items.map((item) => item.id as string));
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    agent = await runtime.token('agent');
    db = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(runtime.endpoints.dynamodb)));
  });
  afterAll(() => runtime?.stop());

  it('keeps the first result when the key is reused with another body (422): the first body replays it', async () => {
    // Prepare
    const headers = { 'idempotency-key': `reused-${randomUUID()}` };
    const first = interaction(`first body ${randomUUID()}`);

    // Act
    const created = await api.post('/interactions', first, agent, headers);
    const reused = await api.post('/interactions', interaction('another body'), agent, headers);
    const retry = await api.post('/interactions', first, agent, headers);

    // Assess
    expect(created.status).toBe(201);
    expect(reused.status).toBe(422);
    expect(reused.body.type).toBe('urn:support:problem:idempotency-key-reused');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.interactionId).toBe(created.body.interactionId);
    expect(await interactionsWithText(first.text)).toHaveLength(1);
  });

  it('takes the same body written another way (key order, email case) for the same request', async () => {
    // Prepare
    const headers = { 'idempotency-key': `same-body-${randomUUID()}` };
    const text = `same body ${randomUUID()}`;
    const email = `${randomUUID()}@example.com`;

    // Act
    const first = await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email }, text }, agent, headers);
    const retry = await api.post('/interactions', { text, customer: { email: email.toUpperCase() }, direction: 'inbound', channel: 'email' }, agent, headers);

    // Assess
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.interactionId).toBe(first.body.interactionId);
  });

  it('writes one interaction for 20 parallel requests with one key: the others replay it or get 409', async () => {
    // Prepare
    const headers = { 'idempotency-key': `parallel-${randomUUID()}` };
    const body = interaction(`parallel ${randomUUID()}`);

    // Act
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.post('/interactions', body, agent, headers)));
    const retry = await api.post('/interactions', body, agent, headers);

    // Assess
    const created = responses.filter((response) => response.status === 201 && response.headers.get('idempotent-replayed') !== 'true');
    const replayed = responses.filter((response) => response.headers.get('idempotent-replayed') === 'true');
    const inProgress = responses.filter((response) => response.status === 409);
    expect(created).toHaveLength(1);
    expect(replayed.length + inProgress.length).toBe(19);
    for (const response of replayed) {
      expect(response.status).toBe(201);
      expect(response.body).toEqual(created[0]!.body);
    }
    for (const response of inProgress) {
      expect(response.body.type).toBe('urn:support:problem:idempotency-in-progress');
      expect(response.headers.get('retry-after')).toBe('1');
    }
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.interactionId).toBe(created[0]!.body.interactionId);
    expect(await interactionsWithText(body.text)).toHaveLength(1);
    const timeline = await api.get(`/customers/${created[0]!.body.customerId}/timeline`, agent);
    expect(timeline.body.items).toHaveLength(1);
  });

  it('leaves the lock of a request still running when a retry is refused with 409', async () => {
    // Prepare: a first request, then its record put back in progress, as while it still runs.
    const headers = { 'idempotency-key': `in-progress-${randomUUID()}` };
    const body = interaction(`in progress ${randomUUID()}`);
    const before = await idempotencyRecordIds();
    const first = await api.post('/interactions', body, agent, headers);
    const [recordId] = [...(await idempotencyRecordIds())].filter((id) => !before.has(id));
    expect(recordId).toBeDefined();
    const setStatus = (status: string) =>
      db.send(
        new UpdateCommand({
          TableName: runtime.names.idempotencyTable,
          Key: { id: recordId },
          UpdateExpression: 'SET #status = :status, in_progress_expiration = :until',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':until': Date.now() + 60_000 },
        }),
      );
    await setStatus('INPROGRESS');

    // Act
    const refused = await api.post('/interactions', body, agent, headers);
    const lock = await db.send(new GetCommand({ TableName: runtime.names.idempotencyTable, Key: { id: recordId }, ConsistentRead: true }));
    await setStatus('COMPLETED'); // the first request finishes
    const retry = await api.post('/interactions', body, agent, headers);

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:support:problem:idempotency-in-progress');
    expect(lock.Item?.status).toBe('INPROGRESS');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.interactionId).toBe(first.body.interactionId);
    expect(await interactionsWithText(body.text)).toHaveLength(1);
  });

  it('frees the key when the request is refused, so the corrected retry runs', async () => {
    // Prepare
    const headers = { 'idempotency-key': `refused-${randomUUID()}` };
    const corrected = interaction(`corrected ${randomUUID()}`);

    // Act
    const invalid = await api.post('/interactions', { ...corrected, direction: 'sideways' }, agent, headers);
    const unknownCase = await api.post('/interactions', { ...corrected, caseId: 'case_01JAAAAAAAAAAAAAAAAAAAAAAA' }, agent, headers);
    const retry = await api.post('/interactions', corrected, agent, headers);

    // Assess
    expect(invalid.status).toBe(400);
    expect(unknownCase.status).toBe(422);
    expect(unknownCase.body.type).toBe('urn:support:problem:unknown-reference');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await interactionsWithText(corrected.text)).toHaveLength(1);
  });

  it('frees the key after a conflict (409) of the use case: the same retry is judged on the state it finds', async () => {
    // Prepare: a closed case, which cannot be escalated.
    const contact = await api.post('/interactions', interaction('conflict'), agent);
    const opened = await api.post('/cases', { customerId: contact.body.customerId, subject: 'No line' }, agent);
    await api.patch(`/cases/${opened.body.caseId}`, { status: 'closed' }, agent);
    const headers = { 'idempotency-key': `conflict-${randomUUID()}` };
    const escalation = { reason: 'Still no line after a week' };

    // Act
    const conflict = await api.post(`/cases/${opened.body.caseId}/escalations`, escalation, agent, headers);
    await api.patch(`/cases/${opened.body.caseId}`, { status: 'open' }, agent);
    const retry = await api.post(`/cases/${opened.body.caseId}/escalations`, escalation, agent, headers);

    // Assess
    expect(conflict.status).toBe(409);
    expect(conflict.body.type).toBe('urn:support:problem:conflict');
    expect(retry.status).toBeLessThan(300);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  describe('the key itself', () => {
    it.each([
      ['empty', ''],
      ['longer than 255 characters', 'k'.repeat(256)],
    ])('refuses a key that is %s with a 400 naming the header, and writes nothing', async (_name, key) => {
      // Prepare
      const body = interaction(`bad key ${randomUUID()}`);
      const before = await idempotencyRecordIds();

      // Act
      const response = await api.post('/interactions', body, agent, { 'idempotency-key': key });

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('urn:support:problem:validation-error');
      expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
      expect(await interactionsWithText(body.text)).toHaveLength(0);
      expect(await idempotencyRecordIds()).toEqual(before);
    });

    it('accepts a key of 255 characters', async () => {
      const response = await api.post('/interactions', interaction(`long key ${randomUUID()}`), agent, {
        'idempotency-key': `${randomUUID()}`.padEnd(255, 'k'),
      });

      expect(response.status).toBe(201);
    });
  });

  describe('scoped to the whole principal', () => {
    it('keeps the key spaces of two roles apart when the subject is the same', async () => {
      // Prepare
      const subject = `shared-${randomUUID()}`;
      const asAgent = await runtime.token('agent', undefined, { subject });
      const asSupervisor = await runtime.token('supervisor', undefined, { subject });
      const headers = { 'idempotency-key': `scoped-${randomUUID()}` };
      const body = interaction(`scoped ${randomUUID()}`);

      // Act
      const byAgent = await api.post('/interactions', body, asAgent, headers);
      const bySupervisor = await api.post('/interactions', body, asSupervisor, headers);

      // Assess
      expect(byAgent.status).toBe(201);
      expect(bySupervisor.status).toBe(201);
      expect(bySupervisor.headers.get('idempotent-replayed')).toBeNull();
      expect(bySupervisor.body.interactionId).not.toBe(byAgent.body.interactionId);
      expect(await interactionsWithText(body.text)).toHaveLength(2);
    });

    it('does not replay an agent’s response to a customer whose subject equals the agent’s', async () => {
      // Prepare: the customer's token has the profile id as subject; an agent's token has the same subject.
      const profile = await api.post('/interactions', interaction('profile'), agent);
      const customerId = profile.body.customerId as string;
      const asCustomer = await runtime.token('customer', customerId);
      const asAgent = await runtime.token('agent', undefined, { subject: customerId });
      const headers = { 'idempotency-key': `customer-${randomUUID()}` };
      const body = interaction(`own contact ${randomUUID()}`, { customerId });

      // Act
      const byAgent = await api.post('/interactions', body, asAgent, headers);
      const byCustomer = await api.post('/interactions', body, asCustomer, headers);

      // Assess
      expect(byAgent.status).toBe(201);
      expect(byCustomer.status).toBe(201);
      expect(byCustomer.headers.get('idempotent-replayed')).toBeNull();
      expect(await interactionsWithText(body.text)).toHaveLength(2);
    });
  });
});
