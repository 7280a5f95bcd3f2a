import { addBusinessMinutes, type BusinessCalendar, closingOf, isOpen, nextOpening } from './business-calendar';

/**
 * Callbacks (the SOS button): a customer asks to be called, now or in a window. Only one is
 * open per customer; `asap` needs the service open; the telephony platform reports each call's
 * outcome, and a call nobody answered is tried again up to the client's limit.
 */
export const callbackStatuses = ['requested', 'scheduled', 'handed_over', 'no_answer', 'completed', 'failed', 'cancelled'] as const;
export type CallbackStatus = (typeof callbackStatuses)[number];

/** A callback in these states is over: the customer may ask for a new one. */
export const finalCallbackStatuses: readonly CallbackStatus[] = ['completed', 'failed', 'cancelled'];

export interface CallbackWindow {
  from: string;
  to: string;
}

export interface CallbackStep {
  at: string;
  status: CallbackStatus;
  attempt: number;
  note?: string;
}

export interface Callback {
  callbackId: string;
  customerId: string;
  phone: string;
  reason?: string;
  asap: boolean;
  window?: CallbackWindow;
  /** When it should be (or next be) handed to telephony. */
  dueAt: string;
  status: CallbackStatus;
  /** Calls handed to telephony so far. */
  attempts: number;
  requestedAt: string;
  updatedAt: string;
  /** Every step, oldest first: what the timeline and the customer's app show. */
  history: CallbackStep[];
  version: number;
}

export type CallbackPlan = { ok: true; asap: boolean; dueAt: Date; window?: { from: Date; to: Date } } | { ok: false; nextWindow: { from: Date; to: Date } };

/**
 * When to call. `asap` while the service is open is now, in the window from now to the end of
 * the opening hours it was asked in; outside hours it is refused with the
 * next window, unless the caller asked to be scheduled into it. A window is kept as given when it
 * is in the future and not longer than a day; the call is due at its start (or now, if it began).
 */
export function planCallback(
  calendar: BusinessCalendar,
  when: 'asap' | { from: Date; to: Date },
  now: Date,
  options: { windowMinutes: number; scheduleIfClosed: boolean },
): CallbackPlan {
  if (when === 'asap') {
    // Accepted in the opening hours running now: telephony should call before they close.
    if (isOpen(calendar, now)) return { ok: true, asap: true, dueAt: now, window: { from: now, to: closingOf(calendar, now) } };
    const from = nextOpening(calendar, now);
    const nextWindow = { from, to: addBusinessMinutes(calendar, from, options.windowMinutes) };
    return options.scheduleIfClosed ? { ok: true, asap: false, dueAt: from, window: nextWindow } : { ok: false, nextWindow };
  }
  return { ok: true, asap: false, dueAt: when.from > now ? when.from : now, window: when };
}

/** The client's callback rules (config `callbacks`). */
export interface CallbackRules {
  /** Calls before a callback nobody answered is failed. */
  maxAttempts: number;
  /** Wait before calling again after no answer. */
  retryAfterMinutes: number;
  /** Length of the window offered when asap is not possible. */
  windowMinutes: number;
}

/** What telephony reports about a call. */
export const callbackOutcomes = ['completed', 'no_answer'] as const;
export type CallbackOutcome = (typeof callbackOutcomes)[number];

/**
 * The callback after telephony reported a call's outcome: completed; or not answered, tried
 * again after `retryAfterMinutes` while attempts remain, else failed.
 */
export function afterOutcome(
  callback: Callback,
  outcome: CallbackOutcome,
  now: Date,
  rules: { maxAttempts: number; retryAfterMinutes: number },
  note?: string,
): Callback {
  const at = now.toISOString();
  const step = (status: CallbackStatus): CallbackStep => ({ at, status, attempt: callback.attempts, ...(note ? { note } : {}) });
  if (outcome === 'completed') return advance(callback, 'completed', at, [step('completed')]);
  if (callback.attempts >= rules.maxAttempts) return advance(callback, 'failed', at, [step('no_answer'), step('failed')]);
  const retryAt = new Date(now.getTime() + rules.retryAfterMinutes * 60_000).toISOString();
  return { ...advance(callback, 'no_answer', at, [step('no_answer')]), dueAt: retryAt };
}

export function advance(callback: Callback, status: CallbackStatus, at: string, steps: CallbackStep[]): Callback {
  return { ...callback, status, updatedAt: at, history: [...callback.history, ...steps], version: callback.version + 1 };
}

export function isFinal(status: CallbackStatus): boolean {
  return finalCallbackStatuses.includes(status);
}
