import { outboxEvent } from '../domain/outbox-event';
import { advance, afterOutcome, type Callback, type CallbackOutcome, isFinal, planCallback } from '../domain/callbacks';
import { newId } from '../domain/ids';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import type { CustomerProfile } from '../domain/customers';
import { isStaff, type Principal } from '../domain/roles';
import { businessCalendar } from '../domain/sla';
import { actingCustomerId, actsFor, assertOwnCustomer } from './access';
import type { Dependencies } from './dependencies';
import { estimateWait } from './queue-status';
import type { QueueDepth } from './ports/queues';
import type { PlatformPost } from './ports/webhooks';
import { InvalidInput, NotFound, Forbidden, Conflict, UnknownReference, OutsideBusinessHours } from './errors';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { CallbackDue, CallbackRequested, CallbackUpdated } from '../domain/callback-events';

export interface RequestCallbackInput {
  /** Required for staff; a customer asks for themselves. */
  customerId?: string;
  phone: string;
  reason?: string;
  when: 'asap' | { from: string; to: string };
  /** Outside business hours, schedule `asap` into the next window instead of refusing it. */
  scheduleIfClosed?: boolean;
}

function rules(deps: Pick<Dependencies, 'settings'>) {
  const callbacks = deps.settings.CALLBACK_RULES;
  const hours = deps.settings.SLA_RULES?.hours;
  if (!callbacks || !hours) throw new Error('CALLBACK_RULES and SLA_RULES (business hours) must be set: the function was deployed without them');
  return { ...callbacks, hours };
}

/**
 * The SOS button. Primary course: the customer's own profile; if they already have an open
 * callback, that one is the answer (200); plan it (asap needs the service open, else the next
 * window is offered or used); store it with `CallbackRequested` (asap: the bus sends it straight
 * to the callback queue; later: the dispatcher makes it due at its time). 201, with the callback
 * queue's estimated wait for an asap call.
 */
export async function requestCallback(
  deps: Pick<Dependencies, 'customers' | 'callbacks' | 'queueStats' | 'settings' | 'now'> & { callbackQueueDepth: () => Promise<QueueDepth> },
  principal: Principal,
  input: RequestCallbackInput,
  correlationId: string,
): Promise<{ created: boolean; callback: Callback & { estimatedWaitSeconds: number | null } }> {
  const { created, callback } = await findOrCreateCallback(deps, principal, input, correlationId);
  const estimatedWaitSeconds = callback.asap && !isFinal(callback.status) ? await estimateWait(deps, 'callbacks', await deps.callbackQueueDepth()) : null;
  return { created, callback: { ...callback, estimatedWaitSeconds } };
}

async function findOrCreateCallback(
  deps: Pick<Dependencies, 'customers' | 'callbacks' | 'settings' | 'now'>,
  principal: Principal,
  input: RequestCallbackInput,
  correlationId: string,
): Promise<{ created: boolean; callback: Callback }> {
  const customerId = input.customerId ?? actingCustomerId(principal);
  if (!customerId) throw new InvalidInput([{ field: 'customerId', message: 'is required when staff request a callback' }]);
  await assertOwnCustomer(deps, principal, customerId, 'customerId');
  const profile = await deps.customers.resolve(customerId, true);
  if (!profile) throw new UnknownReference('customerId', `Customer ${customerId} does not exist.`);
  assertMayCall(principal, profile, input.phone);
  const existing = await deps.callbacks.openOf(profile.customerId);
  if (existing) return { created: false, callback: existing };

  const { hours, windowMinutes } = rules(deps);
  const now = deps.now();
  const when = input.when === 'asap' ? 'asap' : { from: new Date(input.when.from), to: new Date(input.when.to) };
  const plan = planCallback(businessCalendar(hours, now), when, now, { windowMinutes, scheduleIfClosed: input.scheduleIfClosed === true });
  if (!plan.ok) throw new OutsideBusinessHours(plan.nextWindow);
  const at = now.toISOString();
  const status = plan.asap ? 'requested' : 'scheduled';
  const callback: Callback = {
    callbackId: newId('callback', now.getTime()),
    customerId: profile.customerId,
    phone: input.phone,
    ...(input.reason ? { reason: input.reason } : {}),
    asap: plan.asap,
    ...(plan.window ? { window: { from: plan.window.from.toISOString(), to: plan.window.to.toISOString() } } : {}),
    dueAt: plan.dueAt.toISOString(),
    status,
    attempts: 0,
    requestedAt: at,
    updatedAt: at,
    history: [{ at, status, attempt: 0 }],
    version: 1,
  };
  const event = outboxEvent(
    CallbackRequested,
    {
      callbackId: callback.callbackId,
      customerId: callback.customerId,
      dueAt: callback.dueAt,
      asap: callback.asap,
      ...(callback.window ? { windowEndsAt: callback.window.to } : {}),
    },
    correlationId,
    now,
  );
  if (await deps.callbacks.create(callback, event)) return { created: true, callback };
  // Another request won the race for the customer's one open callback: that one is the answer.
  const winner = await deps.callbacks.openOf(profile.customerId);
  if (!winner) throw new Conflict('The callback request raced with another one: retry.');
  return { created: false, callback: winner };
}

/**
 * A customer is called back only on a phone of their own profile, or one their token's IdP
 * verified: otherwise anyone could have a stranger's phone rung. The refusal says the same
 * whoever owns the number, so it cannot be used to probe profiles. Staff may give any number.
 */
function assertMayCall(principal: Principal, profile: CustomerProfile, phone: string): void {
  if (isStaff(principal)) return;
  if (profile.identities.phones.includes(phone) || principal.verified?.phone === phone) return;
  throw new Forbidden('A customer can only be called back on a phone of their own profile or verified by their sign-in.', 'phone');
}

/**
 * A customer's callbacks, newest first, a page at a time (the profile and every profile merged
 * into it). A customer sees only their own; staff anyone's.
 */
export async function listCallbacks(
  deps: Pick<Dependencies, 'customers' | 'callbacks'>,
  principal: Principal,
  customerId: string,
  query: { limit: number; cursor?: string },
) {
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && before === undefined) throw new InvalidInput([{ field: 'cursor', message: 'is not a cursor returned by this API' }]);
  await assertOwnCustomer(deps, principal, customerId);
  const profile = await deps.customers.resolve(customerId);
  if (!profile) throw NotFound.of('Customer', customerId);
  const page = await deps.callbacks.pageOf([profile.customerId, ...profile.mergedFrom], query.limit, before);
  return { customerId: profile.customerId, items: page.callbacks, ...(page.more && page.last ? { nextCursor: encodeCursor(page.last) } : {}) };
}

export async function getCallback(deps: Pick<Dependencies, 'customers' | 'callbacks'>, principal: Principal, callbackId: string): Promise<Callback> {
  const callback = await deps.callbacks.get(callbackId);
  // Another customer's callback is "not found", so ids cannot be probed.
  if (!callback || !(await actsFor(deps, principal, callback.customerId))) throw NotFound.of('Callback', callbackId);
  return callback;
}

/** Cancels an open callback (the customer changed their mind); a finished one cannot be. */
export async function cancelCallback(
  deps: Pick<Dependencies, 'customers' | 'callbacks' | 'queueStats' | 'now'>,
  principal: Principal,
  callbackId: string,
  correlationId: string,
): Promise<Callback> {
  return change(deps, principal, callbackId, correlationId, (callback, now) => {
    if (isFinal(callback.status)) throw new Conflict(`The callback is already ${callback.status}.`);
    return advance(callback, 'cancelled', now.toISOString(), [{ at: now.toISOString(), status: 'cancelled', attempt: callback.attempts }]);
  });
}

/** What telephony reports after a call: completed, or no answer (retried, then failed). */
export async function recordCallbackOutcome(
  deps: Pick<Dependencies, 'customers' | 'callbacks' | 'queueStats' | 'settings' | 'now'>,
  principal: Principal,
  callbackId: string,
  outcome: CallbackOutcome,
  note: string | undefined,
  correlationId: string,
): Promise<Callback> {
  const limits = rules(deps);
  return change(deps, principal, callbackId, correlationId, (callback, now) => {
    if (callback.status !== 'handed_over')
      throw new Conflict(`The callback is ${callback.status}: an outcome is expected only after it was handed to telephony.`, 'outcome');
    return afterOutcome(callback, outcome, now, limits, note);
  });
}

async function change(
  deps: Pick<Dependencies, 'customers' | 'callbacks' | 'queueStats' | 'now'>,
  principal: Principal,
  callbackId: string,
  correlationId: string,
  apply: (callback: Callback, now: Date) => Callback,
): Promise<Callback> {
  return retryOnConflict({ attempts: 3, conflict: 'The callback kept changing: retry.' }, async () => {
    const current = await getCallback(deps, principal, callbackId);
    const now = deps.now();
    const next = apply(current, now);
    const event = outboxEvent(CallbackUpdated, { callbackId, customerId: next.customerId, status: next.status, attempt: next.attempts }, correlationId, now);
    if (!(await deps.callbacks.replace(next, current.version, event))) return lostRace;
    // Counted once the change is stored: a lost race must not count twice.
    if (next.status === 'completed') await deps.queueStats.recordCompletion('callbacks', now, now.getTime() - new Date(current.dueAt).getTime());
    return next;
  });
}

/**
 * Hands a due callback to the telephony platform (the callback worker). Primary course: still
 * waiting and due; POST it, signed; mark it `handed_over` with `CallbackUpdated`. A second
 * delivery of the message finds it handed over and does nothing.
 */
export async function handOverCallback(
  deps: Pick<Dependencies, 'callbacks' | 'now'> & { post: PlatformPost },
  callbackId: string,
  correlationId: string,
): Promise<'handed_over' | 'skipped'> {
  const callback = await deps.callbacks.get(callbackId, true);
  if (!callback || (callback.status !== 'requested' && callback.status !== 'scheduled' && callback.status !== 'no_answer')) return 'skipped';
  const attempt = callback.attempts + 1;
  const response = await deps.post('telephony', {
    deliveryId: `${callbackId}.${attempt}`,
    eventType: 'CallbackDue.v1',
    payload: {
      callbackId,
      customerId: callback.customerId,
      phone: callback.phone,
      ...(callback.reason ? { reason: callback.reason } : {}),
      attempt,
      window: callback.window,
    },
  });
  if (!response.ok) throw new Error(`Telephony did not take callback ${callbackId}: ${response.error ?? `HTTP ${response.status}`}`);
  const now = deps.now();
  const next = {
    ...advance(callback, 'handed_over', now.toISOString(), [{ at: now.toISOString(), status: 'handed_over' as const, attempt }]),
    attempts: attempt,
  };
  const event = outboxEvent(CallbackUpdated, { callbackId, customerId: callback.customerId, status: 'handed_over', attempt }, correlationId, now);
  return (await deps.callbacks.replace(next, callback.version, event)) ? 'handed_over' : 'skipped';
}

/**
 * The dispatcher's part for callbacks: those waiting for a window or a retry whose time has
 * come become due, with `CallbackDue`, which the bus routes to the callback queue.
 */
export async function releaseDueCallbacks(deps: Pick<Dependencies, 'callbacks'>, now: Date, correlationId: string): Promise<number> {
  let released = 0;
  for await (const ids of deps.callbacks.due(now)) {
    for (const callbackId of ids) {
      const callback = await deps.callbacks.get(callbackId, true);
      if (!callback || (callback.status !== 'scheduled' && callback.status !== 'no_answer')) continue;
      const next = advance(callback, 'requested', now.toISOString(), []);
      const event = outboxEvent(CallbackDue, { callbackId, customerId: callback.customerId, attempt: callback.attempts + 1 }, correlationId, now);
      if (await deps.callbacks.replace(next, callback.version, event)) released++;
    }
  }
  return released;
}
