import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { CustomerProfile } from '../../functions/domain/customers';
import { newId } from '../../functions/domain/ids';
import type { Preferences } from '../../functions/domain/notifications';
import { notifyCaseEvent } from '../../functions/use-cases/case-notifications';
import { stores } from '../../functions/wiring/dependencies';
import { audienceStep, customersPerDelivery, declareIncident, deliverToAudience, releaseDeferred, updateIncident } from '../../functions/use-cases/incidents';
import type { AudienceDelivery, AudiencePage } from '../../functions/use-cases/ports/notifications';
import type { PlatformPost } from '../../functions/use-cases/ports/webhooks';
import { createTestTables, dataClients } from '../helpers/local-aws';

/**
 * The incident fan-out at the use-case level, on DynamoDB Local, with its steps run in the order
 * a test chooses: what the notification worker does when revisions come far apart, and when a
 * revision overtakes the fan-out of the one before. The messaging platform is a port: what it was
 * asked to send is recorded, in order.
 */
describe('Use case: incident fan-out, every revision to the same people, once', { timeout: 120_000 }, () => {
  const { documentClient } = dataClients();
  let deps: ReturnType<typeof dependencies>;
  const sent: { customerId: string; kind: string; text: string }[] = [];
  // 03:00 in Paris: inside the quiet hours used below.
  let now = new Date('2026-11-23T02:00:00Z');

  const post: PlatformPost = async (_target, { payload }) => {
    const { customerId, kind, text } = payload as { customerId: string; kind: string; text: string };
    sent.push({ customerId, kind, text });
    return { ok: true, status: 200 };
  };
  const dependencies = (table: string) => ({
    ...stores(documentClient, table, 30),
    settings: { CHANNELS: [], INTERACTION_RETENTION_DAYS: 30, INTERACTION_IMPORT_WINDOW_DAYS: 30, ACTIVE_INCIDENTS_CACHE_SECONDS: 30 },
    now: () => now,
    rules: { case: { escalated: true, slaBreached: true, resolved: true }, timezone: 'Europe/Paris', defaultLanguage: 'en' as const, maxAttempts: 3 },
    post,
  });
  const supervisor = { subject: 'sup-1', roles: ['supervisor' as const] };

  /** Customers of a zone, with a phone and these preferences, written as the data layer stores them. */
  const customers = async (zone: string, count: number, preferences: Preferences = { consent: { sms: true } }) => {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const customerId = newId('customer');
        const at = now.toISOString();
        const profile: CustomerProfile = {
          customerId,
          identities: { emails: [], phones: [`+3361${String(1e7 + i + Math.floor(Math.random() * 8e7))}`], externalIds: [], social: [] },
          mergedFrom: [],
          segments: { zone },
          preferences,
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        await documentClient.send(new PutCommand({ TableName: table, Item: { ...keys.customer(customerId), type: 'customer', ...profile } }));
        await documentClient.send(
          new PutCommand({ TableName: table, Item: { ...keys.segmentMember('zone', zone, customerId), type: 'segment', customerId, since: at } }),
        );
        return customerId;
      }),
    );
  };
  /** Runs a walk to its end and returns the delivery groups it queued (not yet delivered). */
  const walk = async (first: AudiencePage) => {
    const groups: AudienceDelivery[] = [];
    for (let page: AudiencePage | undefined = first; page; ) {
      const { deliveries, next } = await audienceStep(deps, page);
      groups.push(...deliveries);
      page = next;
    }
    return groups;
  };
  const deliver = async (groups: AudienceDelivery[]) => {
    for (const group of groups) await deliverToAudience(deps, group);
  };
  const heardBy = (customerId: string) => sent.filter((message) => message.customerId === customerId).map(({ kind, text }) => [kind, text]);
  const messages = { declared: { en: 'Fibre is down in your area.' }, update: { en: 'Fibre is back in half of the area.' } };
  const resolvedText = 'The incident "Fibre" is resolved. Thank you for your patience.';
  let table: string;

  beforeAll(async () => {
    table = (await createTestTables()).data;
    deps = dependencies(table);
  });

  it('tells every revision in order, each once, when they come far apart (each fan-out done before the next revision)', async () => {
    // Prepare: 30 customers, so a walk has two delivery groups.
    const zone = `far-${Math.random().toString(36).slice(2, 8)}`;
    const audience = await customers(zone, 30);
    const incident = await declareIncident(
      deps,
      supervisor,
      { title: 'Fibre', severity: 'critical', affected: { zone: [zone] }, messages: messages.declared },
      'corr',
    );

    // Act: each revision's walk and deliveries run to the end before the next change.
    await deliver(await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 1, from: 'segments', position: 0 }));
    await updateIncident(deps, incident.incidentId, { messages: messages.update }, 'corr');
    await deliver(await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 2, from: 'told', position: 0 }));
    await updateIncident(deps, incident.incidentId, { status: 'resolved' }, 'corr');
    await deliver(await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 3, from: 'told', position: 0 }));

    // Assess
    for (const customerId of audience) {
      expect(heardBy(customerId), customerId).toEqual([
        ['incident', messages.declared.en],
        ['incidentUpdated', messages.update.en],
        ['incidentResolved', resolvedText],
      ]);
    }
    expect(await deps.incidents.counts(incident.incidentId)).toMatchObject({ sent: 90, suppressed: 0, deferred: 0, failed: 0 });
  });

  it('re-sends only a send that timed out, on the retry of its group, with the same deliveryId: at-least-once, one notification per customer', async () => {
    // Prepare: a group of 5; the receiver takes the third customer's delivery, but the answer
    // comes too late (the sender's 10 s timeout): the worker cannot tell it arrived.
    const zone = `timeout-${Math.random().toString(36).slice(2, 8)}`;
    const audience = await customers(zone, 5);
    const incident = await declareIncident(
      deps,
      supervisor,
      { title: 'Fibre', severity: 'critical', affected: { zone: [zone] }, messages: messages.declared },
      'corr',
    );
    const accepted: { customerId: string; deliveryId: string }[] = [];
    let timeouts = 1;
    const late: PlatformPost = async (_target, { deliveryId, payload }) => {
      const { customerId } = payload as { customerId: string };
      accepted.push({ customerId, deliveryId });
      if (customerId === audience[2] && timeouts-- > 0) return { ok: false, status: 0, error: 'The operation was aborted due to timeout' };
      return { ok: true, status: 200 };
    };
    const groups = await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 1, from: 'segments', position: 0 });

    // Act: the group fails (its message comes back after the visibility timeout), then is retried.
    await expect(deliverToAudience({ ...deps, post: late }, groups[0]!)).rejects.toThrow(/timeout/);
    const before = now;
    now = new Date(now.getTime() + 180_000);
    await deliverToAudience({ ...deps, post: late }, groups[0]!);
    now = before;

    // Assess: each customer has one deliveryId; only the timed-out one came twice, and its
    // notification counts both attempts (two attempts one after the other, not two senders).
    const ids = (customerId: string) => accepted.filter((a) => a.customerId === customerId).map((a) => a.deliveryId);
    for (const customerId of audience) expect(new Set(ids(customerId)).size, customerId).toBe(1);
    expect(audience.map((customerId) => ids(customerId).length)).toEqual([1, 1, 2, 1, 1]);
    expect(await deps.notifications.get(ids(audience[2]!)[0]!)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await deps.incidents.counts(incident.incidentId)).toMatchObject({ sent: 5, failed: 0 });
  });

  it('sends a few of a group at a time, so that each send waits on its own answer, not on the whole group', async () => {
    // Prepare: one full group; the platform takes a while to answer each send.
    const zone = `lanes-${Math.random().toString(36).slice(2, 8)}`;
    await customers(zone, customersPerDelivery);
    const incident = await declareIncident(
      deps,
      supervisor,
      { title: 'Fibre', severity: 'critical', affected: { zone: [zone] }, messages: messages.declared },
      'corr',
    );
    const groups = await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 1, from: 'segments', position: 0 });
    let inFlight = 0;
    let most = 0;
    const slow: PlatformPost = async () => {
      most = Math.max(most, ++inFlight);
      // Slow enough that, sent all at once, every send of the group would be waiting together.
      await new Promise((resolve) => setTimeout(resolve, 300));
      inFlight--;
      return { ok: true, status: 200 };
    };

    // Act
    const counts = await deliverToAudience({ ...deps, post: slow }, groups[0]!);

    // Assess: all sent, never more than 5 waiting at once (it was the whole group, 25).
    expect(groups).toHaveLength(1);
    expect(counts.sent).toBe(customersPerDelivery);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(5);
  });

  it('folds a revision overtaken before its fan-out finished into the next one: each customer hears the latest state, each text once', async () => {
    // Prepare: the declaration's walk has queued its groups, and one group was told.
    const zone = `close-${Math.random().toString(36).slice(2, 8)}`;
    const audience = await customers(zone, 60);
    const incident = await declareIncident(
      deps,
      supervisor,
      { title: 'Fibre', severity: 'critical', affected: { zone: [zone] }, messages: messages.declared },
      'corr',
    );
    const declaredGroups = await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 1, from: 'segments', position: 0 });
    expect(declaredGroups).toHaveLength(3);
    await deliver(declaredGroups.slice(0, 1));

    // Act: the update comes; its walk lists who was told so far (the first group); the second
    // group of the declaration is delivered before the update's groups; then the resolution
    // comes at once, and the third group of the declaration is delivered after it.
    await updateIncident(deps, incident.incidentId, { messages: messages.update }, 'corr');
    const updateGroups = await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 2, from: 'told', position: 0 });
    await deliver(declaredGroups.slice(1, 2));
    await deliver(updateGroups);
    await updateIncident(deps, incident.incidentId, { status: 'resolved' }, 'corr');
    const resolvedGroups = await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 3, from: 'told', position: 0 });
    await deliver([...declaredGroups.slice(2), ...resolvedGroups]);
    // At-least-once: every group arrives again, late.
    await deliver([...declaredGroups, ...updateGroups, ...resolvedGroups]);

    // Assess: the first group heard the declaration, the update and the resolution; the second
    // the update as a first notice (the declaration was overtaken before it reached them), then
    // the resolution; the third only the resolution. Nobody heard a text twice, nor an older
    // revision after a newer one.
    const [first, second, third] = declaredGroups.map((group) => group.customerIds) as [string[], string[], string[]];
    expect(new Set([...first, ...second, ...third])).toEqual(new Set(audience));
    for (const customerId of first) {
      expect(heardBy(customerId), customerId).toEqual([
        ['incident', messages.declared.en],
        ['incidentUpdated', messages.update.en],
        ['incidentResolved', resolvedText],
      ]);
    }
    for (const customerId of second) {
      expect(heardBy(customerId), customerId).toEqual([
        ['incident', messages.update.en],
        ['incidentResolved', resolvedText],
      ]);
    }
    for (const customerId of third) expect(heardBy(customerId), customerId).toEqual([['incidentResolved', resolvedText]]);
    expect(await deps.incidents.counts(incident.incidentId)).toMatchObject({ sent: 25 * 3 + 25 * 2 + 10, deferred: 0 });
  });

  it('does not send a revision held back by quiet hours once a newer one reached the customer: it is superseded', async () => {
    // Prepare: a customer in quiet hours (it is 03:00 in Paris), a minor incident, held back.
    const zone = `quiet-${Math.random().toString(36).slice(2, 8)}`;
    const [customerId] = await customers(zone, 1, { consent: { sms: true }, quietHours: { from: '22:00', to: '08:00' } });
    const incident = await declareIncident(
      deps,
      supervisor,
      { title: 'Fibre', severity: 'minor', affected: { zone: [zone] }, messages: messages.declared },
      'corr',
    );
    await deliver(await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 1, from: 'segments', position: 0 }));
    await updateIncident(deps, incident.incidentId, { messages: messages.update }, 'corr');
    await deliver(await walk({ kind: 'audience', incidentId: incident.incidentId, revision: 2, from: 'told', position: 0 }));
    expect(heardBy(customerId!)).toEqual([]);
    expect(await deps.incidents.counts(incident.incidentId)).toMatchObject({ deferred: 2 });

    // Act: quiet hours end; the dispatcher releases both, the newer first.
    now = new Date('2026-11-23T07:00:30Z');
    const held = [];
    for await (const ids of deps.notifications.deferredDue(now)) held.push(...ids);
    const outcomes = [];
    for (const id of held.reverse()) outcomes.push(await releaseDeferred(deps, id));

    // Assess
    expect(heardBy(customerId!).map(([, text]) => text)).toEqual([messages.update.en]);
    expect(outcomes.sort()).toEqual(['sent', 'suppressed']);
    expect(await deps.incidents.counts(incident.incidentId)).toMatchObject({ sent: 1, suppressed: 1, deferred: 0 });
  });

  it('tells an escalated customer the team, and a wait only when the queue gives one and no agent has the case yet', async () => {
    // Prepare: two cases of a consenting customer, one already with an agent; the queue estimates 10 min.
    const [customerId] = await customers(`case-${Math.random().toString(36).slice(2, 8)}`, 1);
    const open = async (subject: string, assigneeId?: string) => {
      const caseId = newId('case');
      await documentClient.send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.case(caseId), type: 'case', caseId, customerId, subject, status: 'open', ...(assigneeId ? { assigneeId } : {}) },
        }),
      );
      return caseId;
    };
    const waiting = await open('Waiting');
    const assigned = await open('Assigned', 'agent-7');
    const asked: string[] = [];
    const caseDeps = {
      ...deps,
      settings: { ...deps.settings, ESCALATION_ROUTING: { teams: { standard: 'Level 1' } } as never },
      estimatedWait: async (queue: string) => {
        asked.push(queue);
        return 600;
      },
    };
    const escalated = (caseId: string, n: number) => ({
      'detail-type': 'EscalationAssigned.v1',
      source: 'support.escalations',
      time: now.toISOString(),
      detail: {
        metadata: { eventId: `evt-${caseId}-${n}`, eventType: 'EscalationAssigned.v1', occurredAt: now.toISOString(), clientId: 'demo', correlationId: 'corr' },
        data: { caseId, queue: 'standard', team: 'Level 1' },
      },
    });

    // Act
    await notifyCaseEvent(caseDeps, escalated(waiting, 1));
    await notifyCaseEvent(caseDeps, escalated(assigned, 1));

    // Assess
    expect(heardBy(customerId!).map(([, text]) => text)).toEqual([
      'Your request "Waiting" is now with our Level 1 team. Estimated wait: about 10 min.',
      'Your request "Assigned" is now with our Level 1 team.',
    ]);
    expect(asked).toEqual(['standard']);
  });
});
