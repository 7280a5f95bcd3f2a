import { describe, expect, it } from 'vitest';
import {
  type CaseSla,
  dueTargets,
  markBreached,
  nextSlaDueAt,
  slaAfterCaseChange,
  slaAfterFirstResponse,
  type SlaRules,
  startSla,
} from '../../functions/domain/sla';

const nineToSix = [['09:00', '18:00']] as const;
const rules: SlaRules = {
  hours: {
    timezone: 'Europe/Paris',
    weekly: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix },
    publicHolidays: 'FR',
    closedDates: [],
  },
  policies: {
    urgent: { firstResponseMinutes: 30, resolutionMinutes: 240, hours: 'always' },
    high: { firstResponseMinutes: 60, resolutionMinutes: 480, hours: 'business' },
    normal: { firstResponseMinutes: 240, resolutionMinutes: 1440, hours: 'business' },
    low: { firstResponseMinutes: 480, resolutionMinutes: 2880, hours: 'business' },
  },
};
const at = (iso: string) => new Date(iso);
const opened = '2026-11-20T16:00:00.000Z'; // Friday 17:00 in Paris

describe('Function: startSla', () => {
  it('counts business priorities in opening hours, across the weekend', () => {
    const sla = startSla(rules, 'normal', at(opened));
    // 4 business hours: 1 left on Friday, 3 from Monday 09:00 Paris.
    expect(sla.firstResponse).toEqual({ dueAt: '2026-11-23T11:00:00.000Z', state: 'active' });
    expect(sla.state).toBe('active');
  });

  it('counts an around-the-clock priority in plain time', () => {
    expect(startSla(rules, 'urgent', at(opened)).firstResponse.dueAt).toBe('2026-11-20T16:30:00.000Z');
  });

  it('skips French public holidays', () => {
    // Tuesday 10 November 17:30 Paris + 1 business hour; 11 November is closed.
    expect(startSla(rules, 'high', at('2026-11-10T16:30:00Z')).firstResponse.dueAt).toBe('2026-11-12T08:30:00.000Z');
  });
});

describe('Function: slaAfterCaseChange', () => {
  const running = () => startSla(rules, 'urgent', at(opened)); // due 16:30 and 20:00 UTC

  it('stops the clock while the case is pending and gives back the time left when it reopens', () => {
    const paused = slaAfterCaseChange(
      rules,
      running(),
      { openedAt: opened, priority: 'urgent', status: { from: 'open', to: 'pending' } },
      at('2026-11-20T16:10:00Z'),
    );
    expect(paused.pausedAt).toBe('2026-11-20T16:10:00.000Z');
    expect(dueTargets(paused, at('2026-11-21T00:00:00Z'))).toEqual([]);
    expect(nextSlaDueAt(paused)).toBeUndefined();

    // Two hours later the customer answers: 20 minutes were left on the first response.
    const resumed = slaAfterCaseChange(
      rules,
      paused,
      { openedAt: opened, priority: 'urgent', status: { from: 'pending', to: 'open' } },
      at('2026-11-20T18:10:00Z'),
    );
    expect(resumed.pausedAt).toBeUndefined();
    expect(resumed.firstResponse.dueAt).toBe('2026-11-20T18:30:00.000Z');
    expect(resumed.resolution.dueAt).toBe('2026-11-20T22:00:00.000Z');
  });

  it('meets the resolution target when the case is resolved, and restarts it on a reopen', () => {
    const resolved = slaAfterCaseChange(
      rules,
      slaAfterFirstResponse(running(), at('2026-11-20T16:05:00Z'), at(opened)),
      { openedAt: opened, priority: 'urgent', status: { from: 'open', to: 'resolved' } },
      at('2026-11-20T17:00:00Z'),
    );
    expect(resolved.state).toBe('met');
    expect(nextSlaDueAt(resolved)).toBeUndefined();

    const reopened = slaAfterCaseChange(
      rules,
      resolved,
      { openedAt: opened, priority: 'urgent', status: { from: 'resolved', to: 'open' } },
      at('2026-11-21T10:00:00Z'),
    );
    expect(reopened.state).toBe('active');
    expect(reopened.resolution).toEqual({ dueAt: '2026-11-21T14:00:00.000Z', state: 'active' });
  });

  it('applies the new policy from the opening when the priority changes', () => {
    const sla = startSla(rules, 'normal', at(opened));
    const raised = slaAfterCaseChange(rules, sla, { openedAt: opened, priority: 'urgent', status: undefined }, at('2026-11-20T16:10:00Z'));
    expect(raised.policy).toBe('urgent');
    expect(raised.firstResponse.dueAt).toBe('2026-11-20T16:30:00.000Z');
  });
});

describe('Function: dueTargets and markBreached', () => {
  it('reports each running target once it is due, and a breach is final', () => {
    const sla: CaseSla = startSla(rules, 'urgent', at(opened));
    expect(dueTargets(sla, at('2026-11-20T16:29:59Z'))).toEqual([]);
    expect(dueTargets(sla, at('2026-11-20T16:30:00Z'))).toEqual(['firstResponse']);

    const breached = markBreached(sla, ['firstResponse'], at('2026-11-20T16:30:20Z'));
    expect(breached.state).toBe('breached');
    expect(breached.firstResponse).toMatchObject({ state: 'breached', breachedAt: '2026-11-20T16:30:20.000Z' });
    expect(dueTargets(breached, at('2026-11-20T17:00:00Z'))).toEqual([]);
    // Still watched for the resolution target.
    expect(nextSlaDueAt(breached)).toBe('2026-11-20T20:00:00.000Z');
    // A late reply does not turn a breach into a success.
    expect(slaAfterFirstResponse(breached, at('2026-11-20T17:00:00Z'), at(opened)).firstResponse.state).toBe('breached');
  });
});

describe('Function: slaAfterFirstResponse', () => {
  it('meets the target in time, and records a late reply as a breach', () => {
    const sla = startSla(rules, 'urgent', at(opened)); // first response due 16:30 UTC
    expect(slaAfterFirstResponse(sla, at('2026-11-20T16:20:00Z'), at(opened)).firstResponse).toMatchObject({ state: 'met', metAt: '2026-11-20T16:20:00.000Z' });
    expect(slaAfterFirstResponse(sla, at('2026-11-20T16:31:00Z'), at(opened))).toMatchObject({ state: 'breached', firstResponse: { state: 'breached' } });
  });

  it('never meets a target before it started: a reply dated before the opening counts from the opening', () => {
    const sla = startSla(rules, 'urgent', at(opened));
    const backdated = slaAfterFirstResponse(sla, at('2026-11-19T09:00:00Z'), at(opened));
    expect(backdated.firstResponse).toMatchObject({ state: 'met', metAt: new Date(opened).toISOString() });
  });
});
