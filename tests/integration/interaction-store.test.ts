import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { InteractionStore, interactionItem } from '../../functions/adapters/dynamodb/interaction-store';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { newId } from '../../functions/domain/ids';
import type { Interaction } from '../../functions/domain/interactions';
import type { TimelineRecord } from '../../functions/use-cases/ports/interactions';
import { createTestTables, dataClients } from '../helpers/local-aws';

/**
 * The timeline reads interactions from their customer's partition and the other records from the
 * byCustomer index: pages of a profile and the profile merged into it must interleave both by
 * time, resume exactly at the cursor whichever source it came from, and never show the other
 * items kept under the customer's key. Interactions stored before they moved there (their own
 * partition, on byCustomer) must still appear.
 */
describe('Class: InteractionStore, on DynamoDB Local', { timeout: 60_000 }, () => {
  const { documentClient } = dataClients();
  const start = Date.parse('2026-11-23T10:00:00Z');
  let store: InteractionStore;
  let target: string;
  let source: string;
  /** Every timeline record written, oldest first: [id, kind]. */
  const written: { id: string; kind: 'interaction' | 'legacy' | 'case' }[] = [];

  beforeAll(async () => {
    const table = (await createTestTables()).data;
    store = new InteractionStore(documentClient, table);
    target = newId('customer');
    source = newId('customer');
    // Twelve records a minute apart, alternating profiles and kinds.
    const kinds = ['interaction', 'case', 'interaction', 'legacy'] as const;
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      const at = new Date(start + i * 60_000).toISOString();
      const customerId = i % 3 === 0 ? source : target;
      const kind = kinds[i % kinds.length]!;
      if (kind === 'case') {
        const caseId = newId('case', start + i * 60_000);
        items.push({
          ...keys.case(caseId),
          type: 'case',
          customerKey: keys.customerTimeline(customerId),
          timelineKey: keys.timeline(at, caseId),
          caseId,
          customerId,
          openedAt: at,
        });
        written.push({ id: caseId, kind });
        continue;
      }
      const interaction = {
        interactionId: newId('interaction', start + i * 60_000),
        customerId,
        channel: 'chat',
        direction: 'inbound',
        text: `m${i}`,
        occurredAt: at,
      } as Interaction;
      items.push(
        kind === 'legacy'
          ? {
              ...interaction,
              pk: `INTERACTION#${interaction.interactionId}`,
              sk: 'INTERACTION',
              type: 'interaction',
              customerKey: keys.customerTimeline(customerId),
              timelineKey: keys.timeline(at, interaction.interactionId),
            }
          : interactionItem(interaction, 30),
      );
      written.push({ id: interaction.interactionId, kind });
    }
    // The other items under the target's key, before `TL#` in sort order, and one after it (a later
    // kind of item under the customer must not be read as an interaction either).
    items.push(
      { ...keys.customer(target), type: 'customer', customerId: target, mergedFrom: [source] },
      { ...keys.openCallback(target), callbackId: 'cb_x' },
      { ...keys.idempotencyReference(target, 'rec-1'), recordId: 'rec-1' },
      { ...keys.surveyFatigue(target), lastSurveyId: 'svy_x' },
      { pk: keys.customer(target).pk, sk: 'ZZZ', type: 'interaction' },
    );
    await documentClient.send(new BatchWriteCommand({ RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) } }));
  });

  const idOf = (record: TimelineRecord) => (record.type === 'case' ? record.record.caseId : record.type === 'interaction' ? record.record.interactionId : '?');

  for (const limit of [1, 2, 5, 25]) {
    it(`pages both profiles newest first, ${limit} a page, every record once, interactions and cases interleaved`, async () => {
      // Act
      const seen: string[] = [];
      let before: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await store.timelinePage([target, source], limit, before);
        seen.push(...page.records.map(idOf));
        pages++;
        if (!page.more) break;
        before = page.last;
      }

      // Assess
      expect(seen).toEqual(written.map((record) => record.id).reverse());
      expect(pages).toBe(Math.ceil(written.length / limit));
    });
  }

  it('finds the interactions of both profiles since a time, oldest first, in either layout, and no case', async () => {
    const since = new Date(start + 4 * 60_000).toISOString();

    const found = await store.since([target, source], since);

    expect(found.map((interaction) => interaction.interactionId)).toEqual(written.slice(4).flatMap((record) => (record.kind === 'case' ? [] : [record.id])));
    expect(found.map((interaction) => interaction.text)).toEqual(['m4', 'm6', 'm7', 'm8', 'm10', 'm11']);
  });
});
