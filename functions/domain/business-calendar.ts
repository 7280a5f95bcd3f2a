/**
 * Business time: opening hours per weekday in the client's time zone, minus public holidays.
 * SLA targets are counted in it ("4 business hours"), and callbacks are scheduled in it.
 * Pure functions over instants; time zones through Intl, so no library and no DST table to keep.
 */
export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/** `HH:MM` local times; an interval ends where the next would start (end exclusive). */
export type OpeningInterval = readonly [start: string, end: string];

export interface BusinessCalendar {
  timezone: string;
  weekly: Partial<Record<Weekday, readonly OpeningInterval[]>>;
  /** Closed days, `YYYY-MM-DD` in the calendar's time zone. */
  closedDates: ReadonlySet<string>;
}

const minute = 60_000;

/** The instant `minutes` of business time after `from` (from itself if it is 0). */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
  let remaining = minutes;
  for (const [start, end] of openIntervalsFrom(calendar, from)) {
    const available = (end.getTime() - start.getTime()) / minute;
    if (remaining <= available) return new Date(start.getTime() + remaining * minute);
    remaining -= available;
  }
  throw new Error('No opening hours within a year: check the business calendar');
}

/** Business minutes between two instants (0 if `to` is not after `from`). */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  let total = 0;
  for (const [start, end] of openIntervalsFrom(calendar, from)) {
    if (start >= to) break;
    total += (Math.min(end.getTime(), to.getTime()) - start.getTime()) / minute;
  }
  return Math.max(0, total);
}

export function isOpen(calendar: BusinessCalendar, at: Date): boolean {
  const [first] = openIntervalsFrom(calendar, at);
  return first !== undefined && first[0].getTime() === at.getTime();
}

/** When the opening interval `at` is in ends (`at` must be open: see isOpen). */
export function closingOf(calendar: BusinessCalendar, at: Date): Date {
  const [first] = openIntervalsFrom(calendar, at);
  if (!first || first[0].getTime() !== at.getTime()) throw new Error(`The business calendar is closed at ${at.toISOString()}`);
  return first[1];
}

/** `at` if open, else the next opening. */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date {
  const [first] = openIntervalsFrom(calendar, at);
  if (!first) throw new Error('No opening hours within a year: check the business calendar');
  return first[0];
}

/** Open intervals as instants, starting at `from` (the current one clipped), for up to a year. */
function* openIntervalsFrom(calendar: BusinessCalendar, from: Date): Generator<[Date, Date]> {
  const local = zonedParts(from, calendar.timezone);
  for (let offset = 0; offset <= 366; offset++) {
    const day = new Date(Date.UTC(local.year, local.month - 1, local.day + offset));
    const date = day.toISOString().slice(0, 10);
    if (calendar.closedDates.has(date)) continue;
    const intervals = calendar.weekly[weekdays[day.getUTCDay()]!] ?? [];
    for (const [startTime, endTime] of intervals) {
      const start = zonedTimeToUtc(date, startTime, calendar.timezone);
      const end = zonedTimeToUtc(date, endTime, calendar.timezone);
      if (end <= from) continue;
      yield [start < from ? from : start, end];
    }
  }
}

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function zonedParts(at: Date, timezone: string): ZonedParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The instant when the wall clock in `timezone` shows `date` `time` (the later one in a DST gap). */
export function zonedTimeToUtc(date: string, time: string, timezone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minutes] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minutes);
  // Two passes settle the offset, including on DST change days.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess), timezone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess += wall - shown;
  }
  return new Date(guess);
}

/** French public holidays of a year (Alsace-Moselle's two extra days are left to closedDates). */
export function frenchPublicHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const shift = (days: number) => new Date(easter.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map((d) => `${year}-${d}`);
  return [...fixed, shift(1), shift(39), shift(50)].sort();
}

/** Gregorian Easter Sunday (the anonymous algorithm, as UTC midnight). */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}
