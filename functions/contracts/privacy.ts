import * as z from 'zod';
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
  .regex(/^era_[A-Za-z0-9_-]{43}$/, 'an erasure request id such as era_… (as POST /customers/{customerId}/erasure returned it)');
export const ErasureRequestPath = z.object({ requestId: ErasureRequestId });

export const ErasureRequest = z
  .object({
    requestId: ErasureRequestId.meta({
      description: 'An HMAC of the customer id with a key of the client: the record proves the erasure without naming whom.',
    }),
    status: z.enum(erasureStatuses).meta({
      description:
        '`accepted`, then `in_progress` while the worker erases page by page, then `completed`; `failed` when its retries ran out (see `failure`): ops retry it (runbook).',
    }),
    requestedAt: Timestamp,
    dueBy: Timestamp.meta({ description: 'One month after the request (GDPR art. 12(3)).' }),
    requesterRole: z.enum(erasureRequesterRoles),
    counts: z
      .object(
        Object.fromEntries(erasureKinds.map((kind) => [kind, z.number().int().min(0).optional()])) as Record<
          (typeof erasureKinds)[number],
          z.ZodOptional<z.ZodNumber>
        >,
      )
      .meta({ description: 'Records erased so far, per kind (cases and escalations are anonymised: they stay without the person).' }),
    startedAt: Timestamp.optional(),
    completedAt: Timestamp.optional(),
    failure: z
      .object({
        reason: z.string().meta({ description: 'The error name of the last failed attempt (never data).' }),
        at: Timestamp,
        attempts: z.number().int(),
      })
      .optional(),
  })
  .meta({ id: 'ErasureRequest' });

export const ExportQuery = z.object({
  cursor: z.string().optional().meta({ description: 'The `nextCursor` of the previous page.' }),
});

/** A self-care session handed over to one of the customer's cases, with what they did there. */
export const ExportedSelfcareSession = z
  .object({
    sessionId: z.string(),
    caseId: z.string(),
    startedAt: Timestamp,
    lastActivityAt: Timestamp,
    activities: z
      .array(z.object({ type: z.string(), at: Timestamp }).catchall(z.any()))
      .meta({ description: 'Searches (with the query typed), articles viewed, votes (with the reason typed), flow steps, the handover.' }),
  })
  .meta({ id: 'ExportedSelfcareSession' });

export const CustomerExport = z
  .object({
    format: z.literal('support-customer-export.v1'),
    exportedAt: Timestamp,
    customerId: CustomerId,
    profile: Customer.meta({ description: 'The profile with every identity (emails, phones, external ids, social handles).' }),
    preferences: PreferencesView.optional(),
    interactions: z.array(Interaction).meta({ description: 'With their texts and metadata.' }),
    cases: z.array(Case),
    notifications: z.array(Notification),
    callbacks: z.array(Callback),
    selfcareSessions: z.array(ExportedSelfcareSession),
    surveys: z
      .array(CaseSurvey.extend({ caseId: z.string().optional() }))
      .meta({ description: 'The surveys offered to the customer, with their answers and comment once given (as on the timeline).' }),
    nextCursor: z.string().optional().meta({
      description:
        'More records follow: GET the same URL with `?cursor=` this value. Each page is a document of this schema (the profile repeated), at most 200 records, so a customer with 10,000 interactions exports in 50 pages, each far below Lambda’s 6 MB response limit.',
    }),
  })
  .meta({ id: 'CustomerExport', description: 'Every record the backend holds about a customer (GDPR art. 15 and 20), one page at a time.' });
