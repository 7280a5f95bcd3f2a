import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { erasureKinds, erasureRequesterRoles, erasureStatuses } from '../domain/erasure';
import { CustomerId } from '../domain/ids';
import { Callback } from './callbacks';
import { Case } from './cases';
import { Timestamp } from './common';
import { Customer } from './customers';
import { Interaction } from './interactions';
import { Notification, PreferencesView } from './notifications';
import { CaseSurvey } from './surveys';

/** Data subject requests (GDPR art. 15, 17, 20): erasure and export. docs/privacy.md explains them for the client's DPO. */

export const ErasureRequestId = z
  .string()
  .check(z.regex(/^era_[A-Za-z0-9_-]{43}$/, 'an erasure request id such as era_… (as POST /customers/{customerId}/erasure returned it)'));
export const ErasureRequestPath = z.object({ requestId: ErasureRequestId });

export const ErasureRequest = meta(
  z.object({
    requestId: meta(ErasureRequestId, {
      description: 'An HMAC of the customer id with a key of the client: the record proves the erasure without naming whom.',
    }),
    status: meta(z.enum(erasureStatuses), {
      description:
        '`accepted`, then `in_progress` while the worker erases page by page, then `completed`; `failed` when its retries ran out (see `failure`): ops retry it (runbook).',
    }),
    requestedAt: Timestamp,
    dueBy: meta(Timestamp, { description: 'One month after the request (GDPR art. 12(3)).' }),
    requesterRole: z.enum(erasureRequesterRoles),
    counts: meta(
      z.object(
        Object.fromEntries(erasureKinds.map((kind) => [kind, z.optional(z.int().check(z.gte(0)))])) as Record<
          (typeof erasureKinds)[number],
          z.ZodMiniOptional<z.ZodMiniInt>
        >,
      ),
      { description: 'Records erased so far, per kind (cases and escalations are anonymised: they stay without the person).' },
    ),
    startedAt: z.optional(Timestamp),
    completedAt: z.optional(Timestamp),
    failure: z.optional(
      z.object({
        reason: meta(z.string(), { description: 'The error name of the last failed attempt (never data).' }),
        at: Timestamp,
        attempts: z.int(),
      }),
    ),
  }),
  { id: 'ErasureRequest' },
);

export const ExportQuery = z.object({
  cursor: meta(z.optional(z.string()), { description: 'The `nextCursor` of the previous page.' }),
});

/** A self-care session handed over to one of the customer's cases, with what they did there. */
export const ExportedSelfcareSession = meta(
  z.object({
    sessionId: z.string(),
    caseId: z.string(),
    startedAt: Timestamp,
    lastActivityAt: Timestamp,
    activities: meta(z.array(z.catchall(z.object({ type: z.string(), at: Timestamp }), z.any())), {
      description: 'Searches (with the query typed), articles viewed, votes (with the reason typed), flow steps, the handover.',
    }),
  }),
  { id: 'ExportedSelfcareSession' },
);

export const CustomerExport = meta(
  z.object({
    format: z.literal('support-customer-export.v1'),
    exportedAt: Timestamp,
    customerId: CustomerId,
    profile: meta(Customer, { description: 'The profile with every identity (emails, phones, external ids, social handles).' }),
    preferences: z.optional(PreferencesView),
    interactions: meta(z.array(Interaction), { description: 'With their texts and metadata.' }),
    cases: z.array(Case),
    notifications: z.array(Notification),
    callbacks: z.array(Callback),
    selfcareSessions: z.array(ExportedSelfcareSession),
    surveys: meta(z.array(z.extend(CaseSurvey, { caseId: z.optional(z.string()) })), {
      description: 'The surveys offered to the customer, with their answers and comment once given (as on the timeline).',
    }),
    nextCursor: meta(z.optional(z.string()), {
      description:
        'More records follow: GET the same URL with `?cursor=` this value. Each page is a document of this schema (the profile repeated), at most 200 records, so a customer with 10,000 interactions exports in 50 pages, each far below Lambda’s 6 MB response limit.',
    }),
  }),
  { id: 'CustomerExport', description: 'Every record the backend holds about a customer (GDPR art. 15 and 20), one page at a time.' },
);
