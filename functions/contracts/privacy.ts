import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { erasureKinds, erasureRequesterRoles, erasureStatuses } from '../domain/erasure';
import { Timestamp } from './common';

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
