import { beforeAll, describe, expect, it } from 'vitest';
import { KpiStore } from '../../functions/adapters/dynamodb/kpi-store';
import type { EventData, EventName } from '../../functions/domain/events';
import type { KpiEvent } from '../../functions/domain/kpi-consumer';
import { newId } from '../../functions/domain/ids';
import { applyKpiEvent, type KpiDependencies, kpiReport } from '../../functions/use-cases/kpis';
import { InvalidInput } from '../../functions/use-cases/errors';
import { kpiRules } from '../../lib/definition/environment';
import { replayArchive } from '../../scripts/kpi-backfill';
import { busEvent } from '../helpers/bus-events';
import { createTestTables, dataClients } from '../helpers/local-aws';
import { demoConfig } from '../helpers/runtime';

/**
 * The KPI consumer on DynamoDB Local: each event counted once, first-contact resolution settled
 * when its window closes (a clock the test sets), the surveys' figures, the surges, the period's
 * bounds, and the backfill ending with the same figures as the live consumer.
 */
const rules = kpiRules(demoConfig);

const busEventAt = <N extends EventName>(name: N, data: EventData<N>, at: string) => busEvent(name, data, { at });
const asKpiEvent = (envelope: ReturnType<typeof busEvent>): KpiEvent =>
  ({ name: envelope['detail-type'].split('.')[0], data: envelope.detail.data, metadata: envelope.detail.metadata }) as KpiEvent;

describe('Function: applyKpiEvent and kpiReport, on DynamoDB Local', { timeout: 120_000 }, () => {
  const { documentClient } = dataClients();
  let clock = new Date('2026-11-10T12:00:00Z');
  const depsOn = (table: string): KpiDependencies => ({
    kpis: new KpiStore(documentClient, table),
    selfcare: { reportDay: async (_locale, day) => ({ day, totals: {}, noResultQueries: [], articles: [] }) },
    incidents: { counts: async () => ({ sent: 0, deferred: 0, failed: 0, suppressed: 0, contactsDuring: 0 }) as never },
    settings: { KPI_RULES: rules, LANGUAGES: ['fr', 'en'] },
    now: () => clock,
  });
  let deps: KpiDependencies;
  beforeAll(async () => {
    deps = depsOn((await createTestTables()).data);
  });

  /** A case opened, contacted `contacts` times by its customer, resolved at `resolvedAt` (Paris day of it). */
  const resolvedCase = (customerId: string, contacts: number, openedAt: string, resolvedAt: string) => {
    const caseId = newId('case');
    return [
      busEventAt('CaseOpened', { caseId, customerId, priority: 'normal', status: 'open', channel: 'email' }, openedAt),
      ...Array.from({ length: contacts }, (_, i) =>
        busEventAt(
          'InteractionRecorded',
          { interactionId: newId('interaction'), customerId, caseId, channel: 'email', direction: 'inbound', occurredAt: openedAt, textLength: 10 + i },
          openedAt,
        ),
      ),
      busEventAt(
        'InteractionRecorded',
        {
          interactionId: newId('interaction'),
          customerId,
          caseId,
          channel: 'email',
          direction: 'outbound',
          occurredAt: new Date(Date.parse(openedAt) + 90_000).toISOString(),
          textLength: 5,
        },
        new Date(Date.parse(openedAt) + 90_000).toISOString(),
      ),
      busEventAt('CaseUpdated', { caseId, customerId, changes: { status: { from: 'open', to: 'resolved' } }, reopened: false, version: 2 }, resolvedAt),
    ];
  };

  it('counts an event once however often it is delivered', async () => {
    // Prepare
    const table = (await createTestTables()).data;
    const own = depsOn(table);
    const contact = busEventAt(
      'InteractionRecorded',
      { interactionId: newId('interaction'), customerId: 'cus-once', channel: 'chat', direction: 'inbound', occurredAt: '2026-11-03T09:00:00Z', textLength: 3 },
      '2026-11-03T09:00:00Z',
    );

    // Act
    const first = await applyKpiEvent(own, asKpiEvent(contact));
    const again = await applyKpiEvent(own, asKpiEvent(contact));
    const report = await kpiReport(own, { from: '2026-11-03', to: '2026-11-03', groupBy: 'channel' });

    // Assess
    expect([first.outcome, again.outcome]).toEqual(['applied', 'duplicate']);
    expect(report.totals.contacts).toBe(1);
    expect(report.groups.map((g) => [g.key, g.contacts])).toEqual([['chat', 1]]);
    expect(report.totals.contactsPerChannel.find((c) => c.channel === 'chat')).toEqual({ channel: 'chat', contacts: 1, share: 1 });
  });

  it("settles first-contact resolution when the client's window closes, not before (the clock decides)", async () => {
    // Prepare: on 2026-11-02 (Paris), one case resolved after one contact, one after two contacts,
    // one after one contact but contacted again four days later.
    const table = (await createTestTables()).data;
    const own = depsOn(table);
    const replayed = [
      ...resolvedCase('cus-a', 1, '2026-11-02T08:00:00Z', '2026-11-02T10:00:00Z'),
      ...resolvedCase('cus-b', 2, '2026-11-02T08:00:00Z', '2026-11-02T11:00:00Z'),
      ...resolvedCase('cus-c', 1, '2026-11-02T08:00:00Z', '2026-11-02T12:00:00Z'),
      busEventAt(
        'InteractionRecorded',
        { interactionId: newId('interaction'), customerId: 'cus-c', channel: 'phone', direction: 'inbound', occurredAt: '2026-11-06T09:00:00Z', textLength: 1 },
        '2026-11-06T09:00:00Z',
      ),
    ];
    for (const event of replayed) await applyKpiEvent(own, asKpiEvent(event));
    const period = { from: '2026-11-02', to: '2026-11-06', groupBy: 'day' as const };

    // Act: within the 7-day window, then the first instant of the day after it closed (Paris).
    clock = new Date('2026-11-09T12:00:00Z');
    const open = await kpiReport(own, period);
    clock = new Date('2026-11-09T23:00:00Z');
    const settled = await kpiReport(own, period);

    // Assess
    expect(open.totals.firstContactResolution).toMatchObject({ rate: null, resolved: 0, pendingResolutions: 3, settledThrough: null });
    expect(settled.totals.firstContactResolution).toEqual({
      rate: 1 / 3,
      resolved: 3,
      firstContact: 1,
      contactedAgainOrReopened: 1,
      pendingResolutions: 0,
      settledThrough: '2026-11-02',
    });
    expect(settled.totals.repeatContacts).toEqual({ rate: 1 / 5, repeatContacts: 1, contacts: 5 });
    expect(settled.totals.firstResponseTime).toEqual({ count: 3, p50: { seconds: 120 }, p90: { seconds: 120 } });
    expect(settled.totals.resolutionTime.p90).toEqual({ seconds: 14_400 });
    expect(settled.totals.sla.resolution).toEqual({ met: 3, breached: 0 });
  });

  it('gives the surveys’ CSAT (% 4–5), CES (mean), preference (% yes), NPS and response rate from summed counts', async () => {
    // Prepare
    const table = (await createTestTables()).data;
    const own = depsOn(table);
    const at = '2026-11-04T10:00:00Z';
    const answer = (answers: EventData<'SurveyAnswered'>['answers']) =>
      busEventAt(
        'SurveyAnswered',
        {
          surveyId: newId('event'),
          customerId: 'cus-s',
          trigger: 'case_resolved',
          channel: 'chat',
          answeredOn: 'web_selfcare',
          queue: 'standard',
          team: 'Level 1 pool',
          answers,
          hasComment: false,
          offeredAt: at,
        },
        at,
      );
    const offered = () =>
      busEventAt(
        'SurveyOffered',
        { surveyId: newId('event'), customerId: 'cus-s', trigger: 'case_resolved', channel: 'chat', expiresAt: '2026-11-18T10:00:00Z' },
        at,
      );

    // Act
    for (const event of [
      offered(),
      offered(),
      offered(),
      offered(),
      answer({ csat: 2, ces: 6, preference: 'no', nps: 3 }),
      answer({ csat: 5, ces: 2, preference: 'yes', nps: 10 }),
    ])
      await applyKpiEvent(own, asKpiEvent(event));
    const report = await kpiReport(own, { from: '2026-11-04', to: '2026-11-04', groupBy: 'queue' });

    // Assess
    expect(report.totals.surveys).toEqual({
      csat: { rate: 0.5, satisfied: 1, responses: 2 },
      ces: { mean: 4, responses: 2 },
      preference: { rate: 0.5, yes: 1, no: 1, responses: 2 },
      nps: { score: 0, promoters: 1, detractors: 1, responses: 2 },
      responseRate: { rate: 0.5, answered: 2, offered: 4 },
    });
    expect(report.groups.map((g) => [g.key, g.surveys.csat.responses])).toEqual([['standard', 2]]);
  });

  it('measures service level per queue against its target, with the distribution of the misses', async () => {
    // Prepare: the standard queue's target is 20 minutes (the default); one in 5 minutes, one in 3 hours.
    const table = (await createTestTables()).data;
    const own = depsOn(table);
    const escalate = (wait: number) => {
      const caseId = newId('case');
      const escalationId = newId('escalation');
      return [
        busEventAt('EscalationRequested', { escalationId, caseId, customerId: 'cus-q', queue: 'standard', priority: 'high' }, '2026-11-05T08:00:00Z'),
        busEventAt(
          'EscalationAssigned',
          {
            escalationId,
            caseId,
            customerId: 'cus-q',
            queue: 'standard',
            team: 'Level 1 pool',
            assignedAt: new Date(Date.parse('2026-11-05T08:00:00Z') + wait * 1000).toISOString(),
          },
          '2026-11-05T08:00:00Z',
        ),
      ];
    };

    // Act
    for (const event of [...escalate(300), ...escalate(10_800)]) await applyKpiEvent(own, asKpiEvent(event));
    const report = await kpiReport(own, { from: '2026-11-05', to: '2026-11-05', groupBy: 'team' });

    // Assess
    expect(report.totals.serviceLevel).toMatchObject({
      rate: 0.5,
      assigned: 2,
      withinTarget: 1,
      missed: 1,
      missedWait: { p90: { seconds: 14_400 }, buckets: [{ upToSeconds: 14_400, count: 1 }] },
    });
    expect(report.groups.map((g) => [g.key, g.serviceLevel.rate])).toEqual([['Level 1 pool', 0.5]]);
  });

  it('raises one surge, not thirty, for 30 "no internet" contacts from zone 75011 in ten minutes against a quiet baseline', async () => {
    // Prepare: a quiet baseline (one outage contact there the day before), then 30 in ten minutes across a bucket boundary.
    const table = (await createTestTables()).data;
    const own = depsOn(table);
    const contact = (at: string, customerId: string) =>
      busEventAt(
        'InteractionRecorded',
        {
          interactionId: newId('interaction'),
          customerId,
          channel: 'chat',
          direction: 'inbound',
          occurredAt: at,
          textLength: 11,
          intents: ['outage'],
          segments: { zone: '75011', offer: `fibre-${customerId.length % 2}` },
        },
        at,
      );
    await applyKpiEvent(own, asKpiEvent(contact('2026-11-06T13:05:00Z', 'cus-base')));
    const start = Date.parse('2026-11-07T14:10:00Z');

    // Act
    const raised = [];
    for (let i = 0; i < 30; i++) {
      clock = new Date(start + i * 20_000);
      raised.push(...(await applyKpiEvent(own, asKpiEvent(contact(clock.toISOString(), `cus-${i}`)))).surges);
    }
    const listed = await own.kpis.surges({ limit: 10 });

    // Assess
    const zone = raised.filter((s) => s.segment.attribute === 'zone');
    expect(zone).toHaveLength(1);
    expect(zone[0]).toMatchObject({
      intent: 'outage',
      segment: { attribute: 'zone', value: '75011' },
      count: 10,
      suggestedIncident: { affected: { zone: ['75011'] } },
    });
    expect(listed.filter((s) => s.segment.attribute === 'zone').map((s) => s.surgeId)).toEqual([zone[0]!.surgeId]);
  });

  it('refuses an inverted period, one over 400 days, naming `to`', async () => {
    // Act
    const inverted = kpiReport(deps, { from: '2026-11-05', to: '2026-11-04', groupBy: 'day' });
    const tooLong = kpiReport(deps, { from: '2025-01-01', to: '2026-02-05', groupBy: 'day' });

    // Assess
    await expect(inverted).rejects.toBeInstanceOf(InvalidInput);
    await expect(inverted).rejects.toMatchObject({ errors: [{ field: 'to' }] });
    await expect(tooLong).rejects.toMatchObject({ errors: [{ field: 'to' }] });
  });

  it('backfills from the archive to the same figures as the live consumer, and a replay over live counters changes nothing', async () => {
    // Prepare: the same events, live into one table, and as an archive (JSON lines, with events the KPIs do not read).
    const [liveTable, backfillTable] = [(await createTestTables()).data, (await createTestTables()).data];
    const live = depsOn(liveTable);
    const backfilled = depsOn(backfillTable);
    const archived = [
      ...resolvedCase('cus-x', 1, '2026-11-01T08:00:00Z', '2026-11-01T09:30:00Z'),
      ...resolvedCase('cus-y', 3, '2026-11-01T10:00:00Z', '2026-11-02T09:00:00Z'),
      busEventAt('ArticleArchived', { articleId: 'art-1', locale: 'fr', version: 1 }, '2026-11-01T10:00:00Z'),
      busEventAt(
        'CallbackRequested',
        { callbackId: 'cb-1', customerId: 'cus-x', dueAt: '2026-11-01T10:00:00Z', asap: true, windowEndsAt: '2026-11-01T11:00:00Z' },
        '2026-11-01T10:00:00Z',
      ),
      busEventAt('CallbackUpdated', { callbackId: 'cb-1', customerId: 'cus-x', status: 'completed', attempt: 1 }, '2026-11-01T10:20:00Z'),
    ];
    for (const event of archived) if (event.source !== 'support.knowledge') await applyKpiEvent(live, asKpiEvent(event));
    const lines = archived.map((event) => JSON.stringify(event));
    clock = new Date('2026-11-20T12:00:00Z');
    const period = { from: '2026-11-01', to: '2026-11-02', groupBy: 'day' as const };

    // Act
    const outcome = await replayArchive(backfilled, lines);
    const again = await replayArchive(live, lines);

    // Assess
    expect(outcome).toEqual({ applied: archived.length - 1, duplicates: 0, skipped: 1 });
    expect(again).toEqual({ applied: 0, duplicates: archived.length - 1, skipped: 1 });
    const [fromLive, fromBackfill] = [await kpiReport(live, period), await kpiReport(backfilled, period)];
    expect(fromBackfill).toEqual(fromLive);
    expect(fromLive.totals).toMatchObject({ resolutions: 2, contacts: 4, callbacks: { rate: 1, kept: 1, completed: 1, requested: 1 } });
    expect(fromLive.totals.firstContactResolution).toMatchObject({ rate: 0.5, resolved: 2 });
  });
});
