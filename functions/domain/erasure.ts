import type { SupportCase } from './cases';

/**
 * Erasure (GDPR art. 17) of one customer: what goes, what stays anonymised, and the record that
 * proves it was done without keeping who. The work itself runs off the request path (the erasure
 * worker), kind after kind, page after page, saving its progress on the record, so a failure or a
 * timeout resumes where it stopped.
 */
export const erasureStatuses = ['accepted', 'in_progress', 'completed', 'failed'] as const;
export type ErasureStatus = (typeof erasureStatuses)[number];

/**
 * The kinds of record an erasure counts, in the order it treats them. Adding a kind (survey
 * comments, say) is an entry here and one in the store's list of how each is found and erased
 * (functions/adapters/dynamodb/erasure-store.ts, `erasureSteps`).
 */
export const erasureKinds = [
  'identities',
  'interactions',
  'notifications',
  'callbacks',
  'selfcareSessions',
  'cases',
  'escalations',
  'surveys',
  'segmentMemberships',
  /** The stored responses of the customer's Idempotency-Key requests (they repeat what was recorded: a text, a phone). */
  'idempotencyRecords',
  'profiles',
] as const;
export type ErasureKind = (typeof erasureKinds)[number];

/** What happened to each record of a kind: deleted, or kept with its personal data taken out. */
export const erasureOutcomes = { anonymised: ['cases', 'escalations', 'surveys'] } as const satisfies { anonymised: readonly ErasureKind[] };

export type ErasureCounts = Partial<Record<ErasureKind, number>>;

/** Who may ask (art. 12: the person, or staff acting on their request). */
export const erasureRequesterRoles = ['customer', 'supervisor'] as const;
export type ErasureRequesterRole = (typeof erasureRequesterRoles)[number];

/**
 * Where a resumed erasure starts again: which of the customer ids (the profile, then the profiles
 * merged into it), which step, which page. The only place the record names the customer: dropped
 * at completion.
 */
export interface ErasureProgress {
  customerId: string;
  mergedCustomerIds: string[];
  /** Into [customerId, ...mergedCustomerIds]. */
  index: number;
  step: number;
  cursor?: string;
  /** The writes of the page planned last, counted already: applied (again) before the next page. */
  pending?: readonly Readonly<Record<string, unknown>>[];
}

/** The erasure record, keyed by an HMAC of the customer id (`requestId`): never the id itself once done. */
export interface ErasureRecord {
  requestId: string;
  status: ErasureStatus;
  requestedAt: string;
  /** One month after the request (art. 12(3)). */
  dueBy: string;
  requesterRole: ErasureRequesterRole;
  counts: ErasureCounts;
  startedAt?: string;
  completedAt?: string;
  /** Why the last attempt failed (an error name, never data); retried until the queue gives up. */
  failure?: { reason: string; at: string; attempts: number };
  /** While in progress only. */
  progress?: ErasureProgress;
  version: number;
}

/** One calendar month after `at`, clamped to the month's last day (31 January → 28 or 29 February). */
export function erasureDueBy(at: Date): string {
  const due = new Date(at);
  const day = due.getUTCDate();
  due.setUTCDate(1);
  due.setUTCMonth(due.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(day, lastDay));
  return due.toISOString();
}

/** The text every erased free-text field is replaced with, where the field must stay (a case's subject). */
export const erasedText = '[erased]';

/**
 * A case without the person: status, priority, times, queue, SLA outcome and escalation stay (the
 * client's figures do not change when a customer leaves); the subject and description, which the
 * customer or an agent typed, go. The customer id stays as it was: a random id whose profile and
 * identities no longer exist, so it names nobody.
 */
export function anonymisedCase(supportCase: SupportCase): SupportCase {
  const { description: _, ...rest } = supportCase;
  return { ...rest, subject: erasedText };
}
