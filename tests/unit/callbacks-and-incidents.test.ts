import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../functions/domain/business-calendar';
import { afterOutcome, type Callback, planCallback } from '../../functions/domain/callbacks';
import { affects, audienceSegments, incidentText } from '../../functions/domain/incidents';

const nineToSix = [['09:00', '18:00']] as const;
const paris: BusinessCalendar = {
  timezone: 'Europe/Paris',
  weekly: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix },
  closedDates: new Set(),
};
const options = { windowMinutes: 60, scheduleIfClosed: false };

describe('Function: planCallback', () => {
  it('calls asap while open, and offers the next window when closed', () => {
    const mondayNoon = new Date('2026-11-23T11:00:00Z');
    // The window it was accepted in: now until the end of today's opening hours (18:00 in Paris).
    expect(planCallback(paris, 'asap', mondayNoon, options)).toEqual({
      ok: true,
      asap: true,
      dueAt: mondayNoon,
      window: { from: mondayNoon, to: new Date('2026-11-23T17:00:00Z') },
    });

    const saturday = new Date('2026-11-21T11:00:00Z');
    expect(planCallback(paris, 'asap', saturday, options)).toEqual({
      ok: false,
      nextWindow: { from: new Date('2026-11-23T08:00:00Z'), to: new Date('2026-11-23T09:00:00Z') },
    });
    expect(planCallback(paris, 'asap', saturday, { ...options, scheduleIfClosed: true })).toMatchObject({
      ok: true,
      asap: false,
      dueAt: new Date('2026-11-23T08:00:00Z'),
    });
  });

  it('keeps a chosen window, due at its start (or now if it already began)', () => {
    const window = { from: new Date('2026-11-23T14:00:00Z'), to: new Date('2026-11-23T15:00:00Z') };
    expect(planCallback(paris, window, new Date('2026-11-23T10:00:00Z'), options)).toMatchObject({ ok: true, dueAt: window.from });
    const now = new Date('2026-11-23T14:30:00Z');
    expect(planCallback(paris, window, now, options)).toMatchObject({ ok: true, dueAt: now });
  });
});

describe('Function: afterOutcome', () => {
  const handedOver: Callback = {
    callbackId: 'cb_1',
    customerId: 'cus_1',
    phone: '+33612345678',
    asap: true,
    dueAt: '2026-11-23T10:00:00.000Z',
    status: 'handed_over',
    attempts: 1,
    requestedAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    history: [],
    version: 2,
  };
  const rules = { maxAttempts: 2, retryAfterMinutes: 15 };
  const now = new Date('2026-11-23T10:05:00Z');

  it('completes, or schedules a retry after no answer, then fails when attempts run out', () => {
    expect(afterOutcome(handedOver, 'completed', now, rules)).toMatchObject({ status: 'completed', history: [{ status: 'completed', attempt: 1 }] });
    expect(afterOutcome(handedOver, 'no_answer', now, rules)).toMatchObject({ status: 'no_answer', dueAt: '2026-11-23T10:20:00.000Z' });
    expect(afterOutcome({ ...handedOver, attempts: 2 }, 'no_answer', now, rules)).toMatchObject({
      status: 'failed',
      history: [{ status: 'no_answer' }, { status: 'failed' }],
    });
  });
});

describe('Functions: incident audiences', () => {
  const incident = { title: 'Outage', affected: { zone: ['paris-11', 'paris-12', 'paris-11'], offer: ['fibre'] }, messages: { fr: 'Coupure' } };

  it('lists each segment once, in a stable order (a fan-out resumes by position)', () => {
    expect(audienceSegments(incident)).toEqual([
      { attribute: 'offer', value: 'fibre' },
      { attribute: 'zone', value: 'paris-11' },
      { attribute: 'zone', value: 'paris-12' },
    ]);
  });

  it('affects a customer in any listed segment', () => {
    expect(affects(incident, { zone: 'paris-12' })).toBe(true);
    expect(affects(incident, { zone: 'lyon-3', offer: 'fibre' })).toBe(true);
    expect(affects(incident, { zone: 'lyon-3' })).toBe(false);
    expect(affects(incident, undefined)).toBe(false);
  });

  it("speaks the customer's language, else the one given", () => {
    expect(incidentText(incident, 'fr')).toEqual({ language: 'fr', text: 'Coupure' });
    expect(incidentText(incident, 'en')).toEqual({ language: 'fr', text: 'Coupure' });
  });
});
