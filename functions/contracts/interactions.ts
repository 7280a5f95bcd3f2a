import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { Channel } from '../domain/channels';
import { escalationQueues } from '../domain/escalations';
import { CaseId, CustomerId, InteractionId } from '../domain/ids';
import { identityKinds } from '../domain/identities';
import { directions } from '../domain/interactions';
import { roles } from '../domain/roles';
import { intents, sentiments, textLanguages } from '../domain/text-analysis';
import { idempotencyKeyMaxLength, Line, maxTextLength, Problem, Text, Timestamp } from './common';
import { CustomerReference } from './customers';

/** Interactions: a contact on any channel, recorded on the one profile of that customer. */

/**
 * A metadata key. The names of Object.prototype's members are refused: `constructor` made the
 * DynamoDB marshaller take the map for a class instance (a 500), and `__proto__` vanished.
 */
const MetadataKey = z.string().check(
  z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'keys: letters, digits and _.- (at most 64)'),
  z.refine((key) => !(key in Object.prototype), 'a reserved name (constructor, __proto__, toString...)'),
);

/**
 * A number DynamoDB stores exactly as sent: JavaScript's safe integers, and fractions no smaller
 * than 1e-100 (DynamoDB refuses below 1e-130; the marshaller refuses unsafe integers).
 */
const StorableNumber = z
  .number()
  .check(
    z.refine(
      (n) => Math.abs(n) <= Number.MAX_SAFE_INTEGER && (n === 0 || Math.abs(n) >= 1e-100),
      `a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, not closer to 0 than 1e-100`,
    ),
  );

const Metadata = meta(
  z
    .record(MetadataKey, z.union([Text.check(z.maxLength(500)), StorableNumber, z.boolean()]))
    .check(z.refine((m) => Object.keys(m).length <= 20, 'at most 20 metadata entries')),
  { description: 'Channel-specific facts (call id, queue, bot intent...), at most 20 entries.' },
);

export const RecordInteractionRequest = meta(
  z.strictObject({
    channel: Channel,
    direction: meta(z.enum(directions), {
      description: 'Customers record only `inbound` (what they say); `outbound` is support speaking and needs a staff role.',
    }),
    customer: CustomerReference,
    text: meta(z.optional(Text.check(z.maxLength(maxTextLength))), { description: `What was said or written, at most ${maxTextLength} characters.` }),
    caseId: z.optional(CaseId),
    occurredAt: meta(z.optional(Timestamp), {
      description:
        "When the contact happened; defaults to now. At most 5 minutes in the future; at most 5 minutes ago for customers, 24 hours for agents and supervisors, the client's history import window (`retention.historyImportDays`) for integrations; a support reply on a case never before the case opened.",
    }),
    agentId: meta(z.optional(Line.check(z.minLength(1), z.maxLength(100))), { description: 'The agent who spoke (staff roles only).' }),
    metadata: z.optional(Metadata),
  }),
  { id: 'RecordInteractionRequest' },
);
export type RecordInteractionRequest = z.infer<typeof RecordInteractionRequest>;

export const TextAnalysis = meta(
  z.object({
    language: z.enum(textLanguages),
    intents: z.array(z.enum(intents)),
    sentimentScore: z.number().check(z.gte(-1), z.lte(1)),
    sentiment: z.enum(sentiments),
  }),
  { id: 'TextAnalysis', description: 'A lexicon-based reading of the text (fr, en): a signal for routing and for the next agent.' },
);

export const Interaction = meta(
  z.object({
    interactionId: InteractionId,
    customerId: CustomerId,
    caseId: z.optional(CaseId),
    channel: Channel,
    direction: z.enum(directions),
    text: z.optional(z.string()),
    occurredAt: Timestamp,
    recordedAt: Timestamp,
    agentId: z.optional(z.string()),
    recordedBy: meta(z.enum(roles), { description: 'Role of the caller that recorded it.' }),
    metadata: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
    analysis: z.optional(TextAnalysis),
    incidentIds: meta(z.optional(z.array(z.string())), { description: 'Active incidents affecting the customer when they made contact.' }),
  }),
  { id: 'Interaction' },
);
export type Interaction = z.infer<typeof Interaction>;

export const RecordInteractionResponse = meta(
  z.extend(Interaction, {
    customerCreated: meta(z.boolean(), { description: 'True when no known identity matched and a profile was created.' }),
    identitiesAdded: meta(z.optional(z.array(z.enum(identityKinds))), {
      description:
        'Identities attached to the profile by this contact (staff roles only: it would tell a customer whether an identity belongs to someone else).',
    }),
    possibleDuplicates: meta(z.optional(z.array(CustomerId)), {
      description: 'Other profiles that own some of the identities given: candidates for a merge (staff roles only).',
    }),
    autoEscalation: meta(z.optional(z.object({ escalationId: z.string(), queue: z.enum(escalationQueues), reason: z.string() })), {
      description: "Set when the client's automatic rules escalated the case on this contact (staff roles only).",
    }),
  }),
  { id: 'RecordInteractionResponse' },
);

/** Contacts per `POST /interactions:batch`: as DynamoDB's BatchWriteItem, a channel integration's natural page. */
export const maxBatchContacts = 25;

export const RecordInteractionBatchRequest = meta(
  z.strictObject({
    contacts: z
      .array(
        z.extend(RecordInteractionRequest, {
          idempotencyKey: meta(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(idempotencyKeyMaxLength))), {
            description:
              "This contact's own Idempotency-Key: the same key space as the header of `POST /interactions`, so a contact sent again, alone or in another batch, is recorded once and its first result returned.",
          }),
        }),
      )
      .check(z.minLength(1), z.maxLength(maxBatchContacts)),
  }),
  {
    id: 'RecordInteractionBatchRequest',
    description: `Up to ${maxBatchContacts} contacts, recorded in order. A request with any invalid field is refused whole (400 naming \`contacts.<index>.<field>\`), nothing written.`,
  },
);
export type RecordInteractionBatchRequest = z.infer<typeof RecordInteractionBatchRequest>;

export const RecordInteractionBatchResponse = meta(
  z.object({
    results: z.array(
      z.object({
        status: meta(z.int(), {
          description:
            'What `POST /interactions` would have answered for this contact: 201, a 4xx refusal, or a 5xx fault (send that contact again, with its idempotencyKey).',
        }),
        interaction: meta(z.optional(RecordInteractionResponse), { description: 'The recorded contact (status 201).' }),
        problem: meta(z.optional(Problem), { description: 'Why this contact was refused (status 4xx); the others are unaffected.' }),
        replayed: meta(z.optional(z.boolean()), { description: 'True when its idempotencyKey had been used: the first result, nothing written again.' }),
      }),
    ),
  }),
  { id: 'RecordInteractionBatchResponse', description: 'One result per contact, in the order sent.' },
);
