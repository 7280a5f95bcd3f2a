import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime } from '../helpers/runtime';

/**
 * `POST /interactions:batch` over HTTP: up to 25 contacts of a channel integration in one
 * request, each recorded as `POST /interactions` would record it, with its own result and its own
 * idempotency key (the same key space as that route's Idempotency-Key header).
 */
describe('POST /interactions:batch: many contacts, one request, a result and an idempotency key each', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let integration: string;
  let db: DynamoDBDocumentClient;

  const contact = (text: string, extra: Record<string, unknown> = {}) => ({
    channel: 'email',
    direction: 'inbound',
    customer: { email: `${randomUUID()}@example.com` },
    text,
    ...extra,
  });

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

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.url);
    integration = await runtime.token('integration');
    db = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(runtime.endpoints.dynamodb)));
  });
  afterAll(() => runtime?.stop());

  it('records every contact in order and answers each with what POST /interactions would have', async () => {
    // Prepare
    const texts = [`one ${randomUUID()}`, `two ${randomUUID()}`, `three ${randomUUID()}`];

    // Act
    const response = await api.post('/interactions:batch', { contacts: texts.map((text) => contact(text)) }, integration);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(3);
    for (const [index, result] of response.body.results.entries()) {
      expect(result).toMatchObject({ status: 201, interaction: { text: texts[index], channel: 'email', customerCreated: true } });
      expect(await interactionsWithText(texts[index]!)).toHaveLength(1);
    }
  });

  it("gives a refused contact its own problem and records the others (a case that doesn't exist)", async () => {
    // Prepare
    const ok = `ok ${randomUUID()}`;
    const refused = `refused ${randomUUID()}`;

    // Act
    const response = await api.post(
      '/interactions:batch',
      { contacts: [contact(refused, { caseId: 'case_00000000000000000000000000' }), contact(ok)] },
      integration,
    );

    // Assess
    expect(response.status).toBe(200);
    const [first, second] = response.body.results;
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(first.status).toBeLessThan(500);
    expect(first.problem).toMatchObject({ status: first.status });
    expect(first.interaction).toBeUndefined();
    expect(second).toMatchObject({ status: 201 });
    expect(await interactionsWithText(refused)).toHaveLength(0);
    expect(await interactionsWithText(ok)).toHaveLength(1);
  });

  it('records a contact sent again with its key once, alone or in a batch, and replays its first result', async () => {
    // Prepare
    const key = `batch-${randomUUID()}`;
    const text = `keyed ${randomUUID()}`;
    const keyed = contact(text);
    const first = await api.post('/interactions:batch', { contacts: [{ ...keyed, idempotencyKey: key }] }, integration);

    // Act: the same contact again in a batch with another, then alone through POST /interactions with the key.
    const again = await api.post('/interactions:batch', { contacts: [contact(`other ${randomUUID()}`), { ...keyed, idempotencyKey: key }] }, integration);
    const alone = await api.post('/interactions', keyed, integration, { 'idempotency-key': key });

    // Assess
    expect(first.body.results[0]).toMatchObject({ status: 201 });
    expect(first.body.results[0].replayed).toBeUndefined();
    expect(again.body.results[1]).toMatchObject({
      status: 201,
      replayed: true,
      interaction: { interactionId: first.body.results[0].interaction.interactionId },
    });
    expect(alone.status).toBe(201);
    expect(alone.headers.get('idempotent-replayed')).toBe('true');
    expect(alone.body.interactionId).toBe(first.body.results[0].interaction.interactionId);
    expect(await interactionsWithText(text)).toHaveLength(1);
  });

  it('refuses a key reused with another contact for that contact only (422), the first kept', async () => {
    // Prepare
    const key = `reused-${randomUUID()}`;
    const text = `first ${randomUUID()}`;
    await api.post('/interactions:batch', { contacts: [{ ...contact(text), idempotencyKey: key }] }, integration);

    // Act
    const other = `other ${randomUUID()}`;
    const response = await api.post('/interactions:batch', { contacts: [{ ...contact(other), idempotencyKey: key }] }, integration);

    // Assess
    expect(response.body.results[0]).toMatchObject({ status: 422, problem: { status: 422 } });
    expect(await interactionsWithText(other)).toHaveLength(0);
    expect(await interactionsWithText(text)).toHaveLength(1);
  });

  it('refuses the whole request, naming the field, when a contact is invalid or there are more than 25: nothing written', async () => {
    // Prepare
    const text = `valid ${randomUUID()}`;

    // Act
    const invalid = await api.post('/interactions:batch', { contacts: [contact(text), { ...contact('x'), channel: 'pigeon' }] }, integration);
    const tooMany = await api.post('/interactions:batch', { contacts: Array.from({ length: 26 }, () => contact(text)) }, integration);
    const empty = await api.post('/interactions:batch', { contacts: [] }, integration);

    // Assess
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toContain('contacts.1.channel');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toContain('contacts');
    expect(empty.status).toBe(400);
    expect(await interactionsWithText(text)).toHaveLength(0);
  });

  it('is for staff and integrations: a customer token is refused', async () => {
    // Prepare
    const customer = await runtime.token('customer', 'cus_00000000000000000000000000');

    // Act
    const response = await api.post('/interactions:batch', { contacts: [contact(`c ${randomUUID()}`)] }, customer);

    // Assess
    expect(response.status).toBe(403);
  });
});
