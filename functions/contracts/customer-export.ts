import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { CustomerId } from '../domain/ids';
import { Callback } from './callbacks';
import { Case } from './cases';
import { Timestamp } from './common';
import { Customer } from './customers';
import { Interaction } from './interactions';
import { Notification, PreferencesView } from './notifications';
import { CaseSurvey } from './surveys';

/*
 * The export of a customer's records (GET /customers/{customerId}/export). In a module of its own,
 * apart from the erasure contracts (privacy.ts): it names a schema of every context, and a
 * module's schemas are all built once any of them is used, so the erasure routes would carry them.
 */

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
