import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  frenchPublicHolidays,
  isOpen,
  nextOpening,
  zonedTimeToUtc,
} from '../../functions/domain/business-calendar';

const weekdaysNineToSix = {
  mon: [['09:00', '18:00']],
  tue: [['09:00', '18:00']],
  wed: [['09:00', '18:00']],
  thu: [['09:00', '18:00']],
  fri: [['09:00', '18:00']],
} as const;
const paris = (closed: string[] = []): BusinessCalendar => ({ timezone: 'Europe/Paris', weekly: weekdaysNineToSix, closedDates: new Set(closed) });
const at = (iso: string) => new Date(iso);

describe('Function: frenchPublicHolidays', () => {
  it('lists the eleven French holidays, Easter-based ones included', () => {
    expect(frenchPublicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
    expect(frenchPublicHolidays(2027)).toContain('2027-03-29'); // Easter Monday 2027
  });
});

describe('Function: addBusinessMinutes', () => {
  it('counts only opening hours, in the calendar time zone', () => {
    // Friday 2026-11-20 17:00 Paris (16:00 UTC) + 2 business hours = Monday 10:00 Paris (09:00 UTC).
    expect(addBusinessMinutes(paris(), at('2026-11-20T16:00:00Z'), 120).toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('starts counting at the next opening when asked outside hours', () => {
    // Saturday → Monday 09:00 Paris + 30 min.
    expect(addBusinessMinutes(paris(), at('2026-11-21T12:00:00Z'), 30).toISOString()).toBe('2026-11-23T08:30:00.000Z');
  });

  it('skips public holidays', () => {
    // Tuesday 2026-11-10 17:30 Paris + 1 h: Wednesday 11 November is closed → Thursday 09:30.
    const calendar = paris(frenchPublicHolidays(2026));
    expect(addBusinessMinutes(calendar, at('2026-11-10T16:30:00Z'), 60).toISOString()).toBe('2026-11-12T08:30:00.000Z');
  });

  it('follows daylight saving time changes', () => {
    // Paris is UTC+2 on Friday 2026-10-23 and UTC+1 on Monday 2026-10-26.
    expect(addBusinessMinutes(paris(), at('2026-10-23T15:00:00Z'), 120).toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });
});

describe('Function: businessMinutesBetween', () => {
  it('is the inverse of addBusinessMinutes', () => {
    const from = at('2026-11-19T14:10:00Z');
    const due = addBusinessMinutes(paris(), from, 600);
    expect(businessMinutesBetween(paris(), from, due)).toBe(600);
    expect(businessMinutesBetween(paris(), due, from)).toBe(0);
  });
});

describe('Function: isOpen and nextOpening', () => {
  it('knows when the service is open and when it opens next', () => {
    expect(isOpen(paris(), at('2026-11-23T10:00:00Z'))).toBe(true);
    expect(isOpen(paris(), at('2026-11-22T10:00:00Z'))).toBe(false);
    expect(nextOpening(paris(), at('2026-11-22T10:00:00Z')).toISOString()).toBe(zonedTimeToUtc('2026-11-23', '09:00', 'Europe/Paris').toISOString());
  });
});
