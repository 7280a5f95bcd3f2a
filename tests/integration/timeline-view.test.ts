import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { findRoute } from '../../functions/definition/routes';
import type { CustomerProfile } from '../../functions/domain/customers';
import { newId } from '../../functions/domain/ids';
import type { Notification } from '../../functions/domain/notifications';
import { stores } from '../../functions/wiring/dependencies';
import { getTimeline } from '../../functions/use-cases/customers';
import type { Dependencies } from '../../functions/use-cases/dependencies';
import { contractViolation } from '../helpers/contract';
import { createTestTables, dataClients } from '../helpers/local-aws';

/**
 * The timeline shows records as the API documents them, whatever state the workers left them in:
 * a notification being sent carries the worker's send lease (`leaseUntil`) in the table, which no
 * schema describes and no customer needs.
 */
describe('Use case: getTimeline, on DynamoDB Local', { timeout: 60_000 }, () => {
  const { documentClient } = dataClients();
  const now = new Date('2026-11-23T10:00:00Z');
  let deps: Dependencies;
  let table: string;

  beforeAll(async () => {
    table = (await createTestTables()).data;
    deps = {
      ...stores(documentClient, table, 30),
      settings: { CHANNELS: [], INTERACTION_RETENTION_DAYS: 30, INTERACTION_IMPORT_WINDOW_DAYS: 30 },
      now: () => now,
    } as unknown as Dependencies;
  });

  it('answers a notification being sent without its send lease, in the shape GET /customers/{customerId}/timeline documents', async () => {
    // Prepare: a profile, and a notification a worker is sending right now (queued, lease taken).
    const customerId = newId('customer');
    const at = now.toISOString();
    const profile: CustomerProfile = {
      customerId,
      identities: { emails: [], phones: ['+33612345678'], externalIds: [], social: [] },
      mergedFrom: [],
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await documentClient.send(new PutCommand({ TableName: table, Item: { ...keys.customer(customerId), type: 'customer', ...profile } }));
    const sending: Notification = {
      notificationId: `ntf_${customerId.slice(4)}`,
      customerId,
      kind: 'caseResolved',
      status: 'queued',
      channel: 'sms',
      language: 'en',
      text: 'Your request is resolved.',
      urgent: false,
      createdAt: at,
      attempts: 1,
      leaseUntil: new Date(now.getTime() + 60_000).toISOString(),
    };
    await deps.notifications.create(sending);

    // Act
    const page = await getTimeline(deps, { subject: 'agent-1', roles: ['agent'] }, customerId, { limit: 25 });

    // Assess: the entry is there, without the lease, and the page keeps the route's contract.
    const body = JSON.parse(JSON.stringify(page));
    expect(body.items).toHaveLength(1);
    expect(body.items[0].notification.notificationId).toBe(sending.notificationId);
    expect(body.items[0].notification).not.toHaveProperty('leaseUntil');
    expect(
      contractViolation(findRoute('GET /customers/{customerId}/timeline')!, { status: 200, contentType: 'application/json; charset=utf-8', body }),
    ).toBeUndefined();
  });
});
