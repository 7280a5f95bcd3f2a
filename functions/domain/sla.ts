import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  frenchPublicHolidays,
  type OpeningInterval,
  type Weekday,
  weekdays,
} from './business-calendar';
import type { Priority } from './cases';

/**
 * Service-level agreements: per priority, a first-response and a resolution target counted in
 * the client's business time (or around the clock, for priorities the client serves 24/7).
 * Each case carries the SLA applied to it; these pure functions move it along the case's life.
 */

/** `business`: counted in opening hours; `always`: around the clock. */
export const slaHours = ['business', 'always'] as const;

export interface SlaPolicy {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  hours: (typeof slaHours)[number];
}

export type SlaPolicies = Record<Priority, SlaPolicy>;

/** Whose public holidays close the service: `FR`, the eleven French ones; `none`. */
export const publicHolidayCalendars = ['FR', 'none'] as const;

/** The client's opening hours, as configured (`businessHours`). */
export interface BusinessHours {
  timezone: string;
  weekly: Partial<Record<Weekday, readonly OpeningInterval[]>>;
  publicHolidays: (typeof publicHolidayCalendars)[number];
  closedDates: readonly string[];
}

export const slaTargets = ['firstResponse', 'resolution'] as const;
export type SlaTargetName = (typeof slaTargets)[number];

/** `breached` once missed; `met` once met in time; `active` until then (for a target and for the whole SLA). */
export const slaStates = ['active', 'met', 'breached'] as const;
export type SlaState = (typeof slaStates)[number];

export interface SlaTarget {
  dueAt: string;
  state: SlaState;
  metAt?: string;
  breachedAt?: string;
  /** While the case is pending: the business minutes that were left when it paused. */
  remainingMinutes?: number;
}

export interface CaseSla {
  /** The priority whose policy applies. */
  policy: Priority;
  /** `breached` once any target was missed; `met` once both were met; `active` until then. */
  state: SlaState;
  /** Set while the case waits on the customer (`pending`): the clock is stopped. */
  pausedAt?: string;
  firstResponse: SlaTarget;
  resolution: SlaTarget;
}

const alwaysOpen: Partial<Record<Weekday, readonly OpeningInterval[]>> = Object.fromEntries(weekdays.map((day) => [day, [['00:00', '24:00']]]));

/**
 * The calendar a policy counts in. Holidays are computed for the years around `at`, which
 * covers every target (the longest fits well within a year).
 */
export function calendarFor(hours: BusinessHours, policy: SlaPolicy, at: Date): BusinessCalendar {
  if (policy.hours === 'always') return { timezone: hours.timezone, weekly: alwaysOpen, closedDates: new Set() };
  return businessCalendar(hours, at);
}

export function businessCalendar(hours: BusinessHours, at: Date): BusinessCalendar {
  const year = at.getUTCFullYear();
  const holidays = hours.publicHolidays === 'FR' ? [year - 1, year, year + 1].flatMap(frenchPublicHolidays) : [];
  return { timezone: hours.timezone, weekly: hours.weekly, closedDates: new Set([...holidays, ...hours.closedDates]) };
}

export interface SlaRules {
  policies: SlaPolicies;
  hours: BusinessHours;
}

/** The SLA a case starts with when it opens at `openedAt`. */
export function startSla(rules: SlaRules, priority: Priority, openedAt: Date): CaseSla {
  const policy = rules.policies[priority];
  const calendar = calendarFor(rules.hours, policy, openedAt);
  return {
    policy: priority,
    state: 'active',
    firstResponse: { dueAt: addBusinessMinutes(calendar, openedAt, policy.firstResponseMinutes).toISOString(), state: 'active' },
    resolution: { dueAt: addBusinessMinutes(calendar, openedAt, policy.resolutionMinutes).toISOString(), state: 'active' },
  };
}

/**
 * The SLA after a case changed: its status (pending pauses, open resumes, resolved or closed
 * meets the resolution target, a reopen restarts it) or its priority (the new policy applies
 * from when the case opened, for targets still running).
 */
export function slaAfterCaseChange(
  rules: SlaRules,
  sla: CaseSla,
  change: { openedAt: string; priority: Priority; status: { from: string; to: string } | undefined },
  now: Date,
): CaseSla {
  let next: CaseSla = structuredClone(sla);
  if (change.priority !== sla.policy) next = reprioritise(rules, next, change.priority, new Date(change.openedAt), now);
  const to = change.status?.to;
  if (to === 'pending' && !next.pausedAt) next = pause(rules, next, now);
  if (to !== undefined && to !== 'pending' && next.pausedAt) next = resume(rules, next, now);
  // Resolving answers the customer too: a case resolved without a recorded reply meets both.
  if ((to === 'resolved' || to === 'closed') && change.status?.from !== 'resolved') next = meet(meet(next, 'firstResponse', now), 'resolution', now);
  if (to === 'open' && (change.status?.from === 'resolved' || change.status?.from === 'closed')) next = restartResolution(rules, next, now);
  return withOverallState(next);
}

/**
 * The first reply from the support side on the case: meets the first-response target if it is
 * running. A target is never met before it started: a reply dated before the case opened counts
 * as given when the case opened (callers refuse such dates; this keeps the SLA honest regardless).
 */
export function slaAfterFirstResponse(sla: CaseSla, at: Date, openedAt: Date): CaseSla {
  return withOverallState(meet(structuredClone(sla), 'firstResponse', at < openedAt ? openedAt : at));
}

/** Targets due by `now` that are still running (not met, not already breached, not paused). */
export function dueTargets(sla: CaseSla, now: Date): SlaTargetName[] {
  if (sla.pausedAt) return [];
  return slaTargets.filter((name) => sla[name].state === 'active' && new Date(sla[name].dueAt) <= now);
}

export function markBreached(sla: CaseSla, targets: readonly SlaTargetName[], now: Date): CaseSla {
  const next = structuredClone(sla);
  for (const name of targets) Object.assign(next[name], { state: 'breached', breachedAt: now.toISOString() });
  return withOverallState(next);
}

/** When the SLA next needs watching (its earliest running due time); undefined when nothing runs. */
export function nextSlaDueAt(sla: CaseSla | undefined): string | undefined {
  if (!sla || sla.pausedAt) return undefined;
  const running = slaTargets.filter((name) => sla[name].state === 'active').map((name) => sla[name].dueAt);
  return running.sort()[0];
}

/**
 * Ends a running target: met if in time. A late one is a breach, even when the monitor (which
 * checks every minute) has not seen it yet: then it is recorded here, without the monitor's actions.
 */
function meet(sla: CaseSla, name: SlaTargetName, at: Date): CaseSla {
  const target = sla[name];
  if (target.state !== 'active') return sla;
  const late = !sla.pausedAt && at > new Date(target.dueAt);
  Object.assign(target, late ? { state: 'breached', breachedAt: at.toISOString() } : { state: 'met', metAt: at.toISOString() });
  delete target.remainingMinutes;
  return sla;
}

function pause(rules: SlaRules, sla: CaseSla, now: Date): CaseSla {
  const calendar = calendarFor(rules.hours, rules.policies[sla.policy], now);
  for (const name of slaTargets) {
    const target = sla[name];
    if (target.state === 'active') target.remainingMinutes = businessMinutesBetween(calendar, now, new Date(target.dueAt));
  }
  sla.pausedAt = now.toISOString();
  return sla;
}

function resume(rules: SlaRules, sla: CaseSla, now: Date): CaseSla {
  const calendar = calendarFor(rules.hours, rules.policies[sla.policy], now);
  for (const name of slaTargets) {
    const target = sla[name];
    if (target.state === 'active' && target.remainingMinutes !== undefined)
      target.dueAt = addBusinessMinutes(calendar, now, target.remainingMinutes).toISOString();
    delete target.remainingMinutes;
  }
  delete sla.pausedAt;
  return sla;
}

function reprioritise(rules: SlaRules, sla: CaseSla, priority: Priority, openedAt: Date, now: Date): CaseSla {
  const fresh = startSla(rules, priority, openedAt);
  const paused = sla.pausedAt !== undefined;
  if (paused) resume(rules, sla, now);
  for (const name of slaTargets) if (sla[name].state === 'active') sla[name].dueAt = fresh[name].dueAt;
  sla.policy = priority;
  return paused ? pause(rules, sla, now) : sla;
}

function restartResolution(rules: SlaRules, sla: CaseSla, now: Date): CaseSla {
  const policy = rules.policies[sla.policy];
  sla.resolution = { dueAt: addBusinessMinutes(calendarFor(rules.hours, policy, now), now, policy.resolutionMinutes).toISOString(), state: 'active' };
  return sla;
}

function withOverallState(sla: CaseSla): CaseSla {
  const states = slaTargets.map((name) => sla[name].state);
  sla.state = states.includes('breached') ? 'breached' : states.every((state) => state === 'met') ? 'met' : 'active';
  return sla;
}
