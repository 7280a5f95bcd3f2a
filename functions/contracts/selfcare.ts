import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { ArticleId, CaseId, CustomerId } from '../domain/ids';
import { handoverChannels } from '../domain/selfcare';
import { Callback } from './callbacks';
import { Email, Line, Phone, Text, Timestamp } from './common';

/** Self-care: the sessions of the self-care site and the handover to a human (the flows: ./selfcare-flows.ts). */

export const SessionId = z.string().check(z.regex(/^scs_[A-Za-z0-9_-]{22}$/, 'a self-care session id such as scs_… (as POST /selfcare/sessions returned it)'));

export const SessionPath = z.object({ sessionId: SessionId });

export const SelfcareSessionCreated = meta(
  z.object({
    sessionId: meta(z.string(), { description: '128 random bits: the only key to an anonymous session; keep it secret like a password.' }),
    expiresAt: Timestamp,
  }),
  { id: 'SelfcareSessionCreated' },
);

export const SessionEventRequest = meta(
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('article_viewed'), articleId: ArticleId }),
    z.strictObject({
      type: z.literal('article_voted'),
      articleId: ArticleId,
      helpful: z.boolean(),
      reason: meta(z.optional(Line.check(z.trim(), z.minLength(1), z.maxLength(200))), { description: 'Why it did not help (kept with the session only).' }),
    }),
  ]),
  { id: 'SessionEventRequest' },
);

export const SessionSummary = meta(
  z.object({
    sessionId: z.string(),
    startedAt: Timestamp,
    lastActivityAt: Timestamp,
    activities: meta(z.int(), { description: 'Activities recorded so far (the oldest beyond the bound are folded, still counted).' }),
    expiresAt: Timestamp,
  }),
  { id: 'SelfcareSessionSummary' },
);

export const IdentifiedSession = meta(z.extend(SessionSummary, { customerId: CustomerId }), { id: 'IdentifiedSelfcareSession' });

export const HandoverRequest = meta(
  z.strictObject({
    channel: z.enum(handoverChannels),
    customer: z
      .strictObject({ email: z.optional(Email), phone: z.optional(Phone), customerId: z.optional(CustomerId) })
      .check(
        z.refine((c) => c.email !== undefined || c.phone !== undefined || c.customerId !== undefined, { message: 'give an email, a phone or a customer id' }),
      ),
    message: meta(z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(2000))), {
      description: 'What the visitor wants to add, recorded as their web_selfcare contact on the case.',
    }),
  }),
  { id: 'HandoverRequest' },
);

export const HandoverResult = meta(
  z.object({
    caseId: CaseId,
    customerId: CustomerId,
    sessionId: z.string(),
    channel: z.enum(handoverChannels),
    interactionId: meta(z.string(), { description: 'The web_selfcare contact recorded on the case and the customer’s timeline.' }),
    callback: meta(z.optional(Callback), { description: 'For a callback handover: the callback, with its estimated wait.' }),
  }),
  { id: 'HandoverResult' },
);
