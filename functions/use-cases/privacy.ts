import { type ErasureCounts, type ErasureKind, type ErasureProgress, type ErasureRecord, type ErasureRequesterRole, erasureDueBy } from '../domain/erasure';
import { outboxEvent } from '../domain/outbox-event';
import type { Retention } from '../domain/retention';
import { isStaff, type Principal } from '../domain/roles';
import { assertOwnCustomer } from './access';
import type { Dependencies } from './dependencies';
import { Conflict, NotFound } from './errors';
import type { ErasureRecords, ErasureSteps } from './ports/erasure';
import { CustomerErased, ErasureRequested } from '../domain/privacy-events';

/** What erasure needs: the customers, a clock, its records, its steps, the HMAC of a customer id, the retention. */
export interface PrivacyDependencies extends Pick<Dependencies, 'customers' | 'now'> {
  erasures: ErasureRecords;
  erasureSteps: ErasureSteps;
  erasureRequestId: (customerId: string) => Promise<string>;
  retention: Retention;
}

/** What the requester (and GET /erasure-requests/{id}) sees of a request. */
export function erasureView(record: ErasureRecord) {
  const { progress: _, version: __, ...view } = record;
  return view;
}

/**
 * Asks for the erasure of a customer (the customer for themselves, or a supervisor).
 *
 * Primary course: find the live profile (a merged-away id leads to it); key the request by the
 * HMAC of its id; store the request with `ErasureRequested` (the worker does the work off the
 * request path) and answer 202 with the date it is due by (one month). Idempotent: a second
 * request for the same customer, even after the erasure, returns the first.
 */
export async function requestErasure(deps: PrivacyDependencies, principal: Principal, customerId: string, correlationId: string) {
  await assertOwnCustomer(deps, principal, customerId);
  // Already erased (or being erased) under this id: the first request, whatever became of the profile.
  const asGiven = await deps.erasures.get(await deps.erasureRequestId(customerId), true);
  if (asGiven) return { created: false, request: erasureView(asGiven) };
  const profile = await deps.customers.resolve(customerId, true);
  if (!profile) throw NotFound.of('Customer', customerId);
  const requestId = await deps.erasureRequestId(profile.customerId);
  const existing = profile.customerId === customerId ? undefined : await deps.erasures.get(requestId, true);
  if (existing) return { created: false, request: erasureView(existing) };

  const now = deps.now();
  const requesterRole: ErasureRequesterRole = isStaff(principal) ? 'supervisor' : 'customer';
  const record: ErasureRecord = {
    requestId,
    status: 'accepted',
    requestedAt: now.toISOString(),
    dueBy: erasureDueBy(now),
    requesterRole,
    counts: {},
    progress: { customerId: profile.customerId, mergedCustomerIds: [...profile.mergedFrom], index: 0, step: 0 },
    version: 1,
  };
  const event = outboxEvent(ErasureRequested, { requestId }, correlationId, now);
  if (await deps.erasures.create(record, expiryOf(deps, record), event)) return { created: true, request: erasureView(record) };
  // Two requests at once: the other one stored it first.
  const first = await deps.erasures.get(requestId, true);
  if (!first) throw new Conflict('The erasure request changed meanwhile: retry.');
  return { created: false, request: erasureView(first) };
}

/** An erasure request, for a supervisor or the customer it is about (anyone else: not found, so ids cannot be probed). */
export async function getErasureRequest(deps: PrivacyDependencies, principal: Principal, requestId: string) {
  const record = await deps.erasures.get(requestId);
  const own = isStaff(principal) || (principal.customerId !== undefined && (await deps.erasureRequestId(principal.customerId)) === requestId);
  if (!record || !own) throw NotFound.of('Erasure request', requestId);
  return erasureView(record);
}

/**
 * Does (or resumes) an erasure until it is complete or `deadline` (epoch ms) comes: one page of
 * one step at a time, planned (read only), saved with its counts and the progress, then applied
 * at the top of the next round. A crash, a timeout or a retry starts again from the last save and
 * applies its page again (deletes and anonymising are idempotent), so every record is erased and
 * counted exactly once. Resolves to `done`, or `more` when the deadline came first (the caller
 * queues the rest).
 *
 * At completion the record keeps the date, the requester's role and the counts, not the customer
 * ids (they leave with the progress), and emits `CustomerErased` with the ids, once.
 */
export async function runErasure(deps: PrivacyDependencies, requestId: string, correlationId: string, deadline: number): Promise<'done' | 'more'> {
  let record = await deps.erasures.get(requestId, true);
  if (!record || record.status === 'completed' || !record.progress) return 'done';
  while (true) {
    const { pending, ...progress }: ErasureProgress = record.progress!;
    // The page planned and counted last: applied now (again, if a crash came after its writes).
    if (pending?.length) await deps.erasureSteps.apply(pending);
    const ids = [progress.customerId, ...progress.mergedCustomerIds];
    const now = deps.now();
    if (progress.index >= ids.length) {
      const { progress: _, failure: __, ...rest } = record;
      const completed: ErasureRecord = { ...rest, status: 'completed', completedAt: now.toISOString(), version: record.version + 1 };
      const event = outboxEvent(
        CustomerErased,
        { requestId, customerId: progress.customerId, mergedCustomerIds: progress.mergedCustomerIds, requestedAt: record.requestedAt },
        correlationId,
        now,
      );
      if (!(await deps.erasures.save(completed, record.version, expiryOf(deps, completed), event))) throw lostRace();
      await deps.erasures.forgetOutbox(requestId);
      return 'done';
    }
    if (now.getTime() >= deadline) return 'more';
    const plan = await deps.erasureSteps.plan(progress.step, ids[progress.index]!, progress.cursor);
    const nextStep = plan.cursor === undefined ? progress.step + 1 : progress.step;
    const { cursor: _cursor, ...here } = progress;
    const nextProgress: ErasureProgress =
      nextStep >= deps.erasureSteps.count
        ? { ...here, index: progress.index + 1, step: 0, pending: plan.writes }
        : { ...here, step: nextStep, ...(plan.cursor ? { cursor: plan.cursor } : {}), pending: plan.writes };
    const { failure: _failure, ...rest } = record;
    const next: ErasureRecord = {
      ...rest,
      status: 'in_progress',
      startedAt: record.startedAt ?? now.toISOString(),
      counts: added(record.counts, plan.counts),
      progress: nextProgress,
      version: record.version + 1,
    };
    if (!(await deps.erasures.save(next, record.version, expiryOf(deps, next)))) throw lostRace();
    record = next;
  }
}

/**
 * Records why an attempt failed (the error's name, never its message: it may quote data), and
 * `failed` when it was the last one the queue allows; the next attempt (a retry, or a redrive from
 * the dead-letter queue, see the runbook) resumes and sets it back in progress.
 */
export async function recordErasureFailure(deps: PrivacyDependencies, requestId: string, reason: string, attempts: number, lastAttempt: boolean) {
  const record = await deps.erasures.get(requestId, true);
  if (!record || record.status === 'completed') return;
  const next: ErasureRecord = {
    ...record,
    status: lastAttempt ? 'failed' : 'in_progress',
    failure: { reason, at: deps.now().toISOString(), attempts },
    version: record.version + 1,
  };
  await deps.erasures.save(next, record.version, expiryOf(deps, next));
}

function added(counts: ErasureCounts, more: ErasureCounts): ErasureCounts {
  const sum: ErasureCounts = { ...counts };
  for (const [kind, count] of Object.entries(more) as [ErasureKind, number][]) sum[kind] = (sum[kind] ?? 0) + count;
  return sum;
}

/** Kept `retention.erasureRecordsDays` (12 months by default) from the request. */
function expiryOf(deps: PrivacyDependencies, record: ErasureRecord): number {
  return Math.floor(new Date(record.requestedAt).getTime() / 1000) + deps.retention.erasureRecords;
}

const lostRace = () => new Conflict('Another attempt of this erasure wrote first: it is retried.');
