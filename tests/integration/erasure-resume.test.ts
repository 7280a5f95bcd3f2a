import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErasureRecordStore, ErasureStepStore } from '../../functions/adapters/dynamodb/erasure-store';
import { writeIdempotencyReferences } from '../../functions/adapters/dynamodb/idempotency-references';
import { interactionItem } from '../../functions/adapters/dynamodb/interaction-store';
import { idempotencyReferencePrefix, indexNames, interactionSortPrefix, keys } from '../../functions/adapters/dynamodb/keys';
import type { CustomerProfile } from '../../functions/domain/customers';
import type { Interaction } from '../../functions/domain/interactions';
import { newId } from '../../functions/domain/ids';
import { outboxEvent } from '../../functions/domain/outbox-event';
import { retentionOf } from '../../functions/domain/retention';
import { stores } from '../../functions/wiring/dependencies';
import { type PrivacyDependencies, requestErasure, runErasure } from '../../functions/use-cases/privacy';
import { createTestTables, dataClients } from '../helpers/local-aws';
import { CustomerCreated } from '../../functions/domain/customer-events';

/**
 * The erasure worker's use case on DynamoDB Local with a customer who has many contacts: it
 * works a page at a time, stops when its time is up and resumes from the record (as the next
 * message would), survives a crash in the middle of a step, and erases every contact exactly once.
 * ERASURE_TEST_CONTACTS=10000 runs it at the size issue 14 names (about a minute here).
 */
const contacts = Number(process.env.ERASURE_TEST_CONTACTS ?? 250);
/** Idempotency-Key requests made for the customer: more than a page (100), so their step resumes too. */
const keyedRequests = 150;

describe('Use case: runErasure, on DynamoDB Local', { timeout: 600_000 }, () => {
  const { documentClient } = dataClients();
  let table: string;
  let idempotencyTable: string;
  let clock: number;
  let deps: PrivacyDependencies;
  let failNext: boolean;

  beforeAll(async () => {
    ({ data: table, idempotency: idempotencyTable } = await createTestTables());
    clock = Date.parse('2026-11-23T10:00:00Z');
    const steps = new ErasureStepStore(documentClient, table, idempotencyTable);
    deps = {
      ...stores(documentClient, table, 30),
      settings: { CHANNELS: [], INTERACTION_RETENTION_DAYS: 30, INTERACTION_IMPORT_WINDOW_DAYS: 30, ACTIVE_INCIDENTS_CACHE_SECONDS: 0 },
      // Each reading of the clock is a second later: the "time left" of an invocation runs out after a few pages.
      now: () => {
        clock += 1_000;
        return new Date(clock);
      },
      erasures: new ErasureRecordStore(documentClient, table),
      // Writes that crash once, after they are done and before the progress is saved: the worst moment.
      erasureSteps: {
        count: steps.count,
        plan: (step, customerId, cursor) => steps.plan(step, customerId, cursor),
        apply: async (writes) => {
          await steps.apply(writes);
          if (failNext && writes.length > 0) {
            failNext = false;
            throw Object.assign(new Error('crash'), { name: 'InternalServerError' });
          }
        },
      },
      erasureRequestId: async (customerId) => `era_${customerId.padEnd(43, 'x').slice(0, 43)}`,
      retention: retentionOf(30),
    } as PrivacyDependencies;
  });

  it(`erases ${contacts} contacts and ${keyedRequests} stored responses a page at a time, resuming after the deadline and after a crash, each exactly once`, async () => {
    // Prepare: a profile with an email and `contacts` interactions on its timeline.
    const customerId = newId('customer');
    const at = new Date(clock).toISOString();
    const profile: CustomerProfile = {
      customerId,
      identities: { emails: [`many-${customerId}@example.com`], phones: [], externalIds: [], social: [] },
      mergedFrom: [],
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    expect(await deps.customers.create(profile, outboxEvent(CustomerCreated, { customerId, identityKinds: ['email'] }, 'test'))).toBe(true);
    // Most in the customer's partition (as recorded now); a few as stored before interactions moved
    // there (their own partition, on byCustomer), which an erasure must find all the same.
    const legacy = 30;
    const items = Array.from({ length: contacts }, (_, i) => {
      const interactionId = newId('interaction', clock + i);
      const occurredAt = new Date(clock + i).toISOString();
      const interaction = { interactionId, customerId, channel: 'chat', direction: 'inbound', text: `contact ${i}`, occurredAt } as Interaction;
      return i < legacy
        ? {
            ...interaction,
            pk: `INTERACTION#${interactionId}`,
            sk: 'INTERACTION',
            type: 'interaction',
            customerKey: keys.customerTimeline(customerId),
            timelineKey: keys.timeline(occurredAt, interactionId),
          }
        : interactionItem(interaction, 30);
    });
    for (let i = 0; i < items.length; i += 25) {
      await documentClient.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    // Their Idempotency-Key records (as Powertools stores them, with the response), each referenced under them.
    const recordIds = Array.from({ length: keyedRequests }, (_, i) => `recordInteraction#hash-${customerId}-${i}`);
    const recordExpiresAt = Math.floor(Date.now() / 1000) + 86_400;
    for (let i = 0; i < recordIds.length; i += 25) {
      const page = recordIds.slice(i, i + 25);
      await documentClient.send(
        new BatchWriteCommand({
          RequestItems: {
            [idempotencyTable]: page.map((id) => ({
              PutRequest: { Item: { id, status: 'COMPLETED', expiration: recordExpiresAt, data: JSON.stringify({ body: `said ${id}` }) } },
            })),
          },
        }),
      );
      await Promise.all(page.map((id) => writeIdempotencyReferences(documentClient, table, [customerId], id, recordExpiresAt)));
    }
    const principal = { subject: 'sup-1', roles: ['supervisor' as const] };
    const { request } = await requestErasure(deps, principal, customerId, 'test');

    // Act: invocations of 5 "seconds" each (the clock ticks a second per reading), one of them crashing.
    let invocations = 0;
    let crashes = 0;
    let outcome: 'done' | 'more' = 'more';
    while (outcome === 'more') {
      invocations++;
      failNext = invocations === 2;
      try {
        outcome = await runErasure(deps, request.requestId, 'test', clock + 5_000);
      } catch {
        crashes++;
      }
    }

    // Assess: many invocations, one crash, nothing left, every contact counted once.
    // Each invocation does a few pages before its time is up: the rest is resumed by the next ones.
    expect(invocations).toBeGreaterThan(2);
    expect(crashes).toBe(1);
    const left = await documentClient.send(
      new QueryCommand({
        TableName: table,
        IndexName: indexNames.byCustomer,
        KeyConditionExpression: 'customerKey = :p',
        ExpressionAttributeValues: { ':p': keys.customerTimeline(customerId) },
      }),
    );
    expect(left.Count).toBe(0);
    // Nothing left under the profile's partition: neither interactions nor Idempotency-Key references.
    for (const prefix of [interactionSortPrefix, idempotencyReferencePrefix]) {
      const under = await documentClient.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.customer(customerId).pk, ':prefix': prefix },
        }),
      );
      expect(under.Count, prefix).toBe(0);
    }
    const stored = await Promise.all(recordIds.map((id) => documentClient.send(new GetCommand({ TableName: idempotencyTable, Key: { id } }))));
    expect(stored.filter((got) => got.Item).length).toBe(0);
    const record = await deps.erasures.get(request.requestId, true);
    expect(record).toMatchObject({
      status: 'completed',
      counts: { identities: 1, interactions: contacts, idempotencyRecords: keyedRequests, profiles: 1 },
    });
    expect(record?.progress).toBeUndefined();
    expect(await deps.customers.get(customerId)).toBeUndefined();
  });
});
