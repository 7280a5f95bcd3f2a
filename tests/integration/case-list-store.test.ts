import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../functions/adapters/dynamodb/case-store';
import type { Priority, SupportCase } from '../../functions/domain/cases';
import { newId } from '../../functions/domain/ids';
import { outboxEvent } from '../../functions/domain/outbox-event';
import { createTestTables, dataClients } from '../helpers/local-aws';
import { CaseOpened } from '../../functions/domain/case-events';

/**
 * The case lists as the store pages them (GET /cases), on DynamoDB Local: a filter is a condition
 * on a status's list, so each page reads a bounded number of entries and says where it stopped.
 */
describe('Class: CaseStore, the case lists, on DynamoDB Local', { timeout: 60_000 }, () => {
  const { documentClient } = dataClients();
  let store: CaseStore;
  /** Newest first, as the list returns them: ten normal cases, then (older) one high-priority case. */
  const newestFirst: SupportCase[] = [];

  const aCase = (minute: number, priority: Priority): SupportCase => {
    const at = new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();
    return {
      caseId: newId('case', Date.parse(at)),
      customerId: newId('customer', Date.parse(at)),
      subject: `Case ${minute}`,
      status: 'open',
      priority,
      openedAt: at,
      updatedAt: at,
      reopenCount: 0,
      version: 1,
    };
  };

  beforeAll(async () => {
    store = new CaseStore(documentClient, (await createTestTables()).data);
    const cases = [aCase(0, 'high'), ...Array.from({ length: 10 }, (_, n) => aCase(n + 1, 'normal'))];
    for (const supportCase of cases) {
      const { caseId, customerId, priority, status } = supportCase;
      await store.create(supportCase, outboxEvent(CaseOpened, { caseId, customerId, priority, status }, 'test', new Date(supportCase.openedAt)));
    }
    newestFirst.push(...cases.reverse());
  });

  it('stops a filtered page after reading maxRead entries, with the place it stopped, and the next page goes on from there', async () => {
    // Act: the high-priority cases, at most 4 entries read per page.
    const first = await store.page({ status: 'open', priority: 'high' }, { limit: 5, maxRead: 4 });
    const second = await store.page({ status: 'open', priority: 'high' }, { limit: 5, maxRead: 4, after: first.last! });
    const third = await store.page({ status: 'open', priority: 'high' }, { limit: 5, maxRead: 4, after: second.last! });

    // Assess: two empty pages (8 normal cases read), then the high one and the end of the list.
    expect(first.cases).toEqual([]);
    expect(first.last).toContain(newestFirst[3]!.caseId);
    expect(second.cases).toEqual([]);
    expect(second.last).toContain(newestFirst[7]!.caseId);
    expect(third.cases.map((c) => c.caseId)).toEqual([newestFirst[10]!.caseId]);
    expect(third.last).toBeUndefined();
  });

  it('without a filter, reads one entry more than the page, so a full last page has no cursor', async () => {
    const page = await store.page({ status: 'open' }, { limit: 10, maxRead: 300 });
    const rest = await store.page({ status: 'open' }, { limit: 10, maxRead: 300, after: page.last! });
    const all = await store.page({ status: 'open' }, { limit: 11, maxRead: 300 });

    expect(page.cases.map((c) => c.caseId)).toEqual(newestFirst.slice(0, 10).map((c) => c.caseId));
    expect(rest.cases.map((c) => c.caseId)).toEqual([newestFirst[10]!.caseId]);
    expect(rest.last).toBeUndefined();
    expect(all.cases).toHaveLength(11);
    expect(all.last).toBeUndefined();
  });
});
