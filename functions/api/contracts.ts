import * as z from 'zod';
import { Channel, Language } from '../domain/channels';
import { CallbackStatus, CaseStatus, IncidentSeverity, Priority } from '../domain/events';
import { CallbackId, CaseId, CustomerId, EscalationId, IncidentId, InteractionId } from '../domain/ids';
import { countedStatuses, notificationChannels, notificationKinds, notificationStatuses, suppressionReasons } from '../domain/notifications';
import { escalationQueues } from '../domain/escalations';
import { type SegmentAttribute, segmentAttributes } from '../domain/customers';
import { normaliseEmail, normalisePhone, normaliseSocialHandle } from '../domain/identities';
import { intents } from '../domain/text-analysis';

/**
 * The HTTP contract: request and response schemas. The same schemas validate requests in the
 * handlers and generate the OpenAPI document (`GET /openapi.json`, `docs/openapi.json`), so the
 * two cannot drift. `.meta({ id })` names a schema as a reusable OpenAPI component.
 */

export const maxTextLength = 10_000;

/*
 * Every string a caller writes goes through one of these two: no NUL or other control character
 * and no unpaired UTF-16 surrogate. `"\u0000"` and `"\uD800"` are valid JSON, so without this they
 * would be stored, then break whatever reads them back (an export, a webhook receiver encoding
 * UTF-8, a CSV). The `u` flag makes a surrogate pair one code point (an emoji passes) and an
 * unpaired one a code point of the excluded range.
 */
/** Free text (what was said, a description): tabs and line breaks allowed. */
export const Text = z.string().regex(/^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uD800-\uDFFF]*$/u, 'text without NUL, control characters or unpaired surrogates');
/** One line: a title, a reason, an id the caller chooses (CRM reference, agent id, social handle). */
export const Line = z.string().regex(/^[^\x00-\x1F\x7F\uD800-\uDFFF]*$/u, 'one line of text, without NUL, control characters or unpaired surrogates');

/**
 * An integer in a query string: decimal digits only. `z.coerce.number()` reads `0x10`, `1e1`,
 * ` 10` or `10.0` as numbers too, which no client means to send.
 */
function queryInteger(bounds: { min: number; max: number; default: number }) {
  const message = `a decimal integer from ${bounds.min} to ${bounds.max}`;
  return z.preprocess(
    (value) => (typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : value),
    // The default sits inside, so the OpenAPI document still shows it.
    z.number({ error: message }).int(message).min(bounds.min, message).max(bounds.max, message).default(bounds.default),
  );
}

const Timestamp = z.iso.datetime({ offset: true }).meta({ description: 'RFC 3339 date-time', example: '2026-11-22T09:30:00Z' });

const Email = z
  .email({ message: 'an email address' })
  .max(254)
  .transform(normaliseEmail)
  .meta({ description: 'Normalised to lower case.', example: 'Jeanne.Martin@example.com' });

const Phone = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const e164 = normalisePhone(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'a phone number in international format, such as +33612345678' });
      return z.NEVER;
    }
    return e164;
  })
  .meta({ description: 'International format; spaces, dots, dashes and a leading 00 are accepted and normalised to E.164.', example: '+33 6 12 34 56 78' });

const Social = z
  .object({
    network: z.string().regex(/^[a-z0-9_-]{1,30}$/, 'a network name such as facebook, instagram, x'),
    handle: Line.min(1).max(100).transform(normaliseSocialHandle),
  })
  .strict()
  .meta({ id: 'SocialHandle', example: { network: 'instagram', handle: '@jeanne_m' } });

export const CustomerReference = z
  .object({
    customerId: CustomerId.optional(),
    email: Email.optional(),
    phone: Phone.optional(),
    externalId: Line.min(1).max(100).optional().meta({ description: "The client's own customer reference (CRM id)." }),
    social: Social.optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'at least one of customerId, email, phone, externalId, social',
  })
  .meta({
    id: 'CustomerReference',
    description: 'Who the contact is with: any identity the channel knows. A known identity lands on its profile; unknown ones create a profile.',
  });

/**
 * A metadata key. The names of Object.prototype's members are refused: `constructor` made the
 * DynamoDB marshaller take the map for a class instance (a 500), and `__proto__` vanished.
 */
const MetadataKey = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'keys: letters, digits and _.- (at most 64)')
  .refine((key) => !(key in Object.prototype), 'a reserved name (constructor, __proto__, toString...)');

/**
 * A number DynamoDB stores exactly as sent: JavaScript's safe integers, and fractions no smaller
 * than 1e-100 (DynamoDB refuses below 1e-130; the marshaller refuses unsafe integers).
 */
const StorableNumber = z
  .number()
  .refine((n) => Math.abs(n) <= Number.MAX_SAFE_INTEGER && (n === 0 || Math.abs(n) >= 1e-100), `a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, not closer to 0 than 1e-100`);

const Metadata = z
  .record(MetadataKey, z.union([Text.max(500), StorableNumber, z.boolean()]))
  .refine((m) => Object.keys(m).length <= 20, 'at most 20 metadata entries')
  .meta({ description: 'Channel-specific facts (call id, queue, bot intent...), at most 20 entries.' });

export const RecordInteractionRequest = z
  .object({
    channel: Channel,
    direction: z.enum(['inbound', 'outbound']).meta({ description: 'Customers record only `inbound` (what they say); `outbound` is support speaking and needs a staff role.' }),
    customer: CustomerReference,
    text: Text.max(maxTextLength).optional().meta({ description: `What was said or written, at most ${maxTextLength} characters.` }),
    caseId: CaseId.optional(),
    occurredAt: Timestamp.optional().meta({
      description:
        "When the contact happened; defaults to now. At most 5 minutes in the future; at most 5 minutes ago for customers, 24 hours for agents and supervisors, the client's history import window (`retention.historyImportDays`) for integrations; a support reply on a case never before the case opened.",
    }),
    agentId: Line.min(1).max(100).optional().meta({ description: 'The agent who spoke (staff roles only).' }),
    metadata: Metadata.optional(),
  })
  .strict()
  .meta({ id: 'RecordInteractionRequest' });
export type RecordInteractionRequest = z.infer<typeof RecordInteractionRequest>;

export const TextAnalysis = z
  .object({
    language: z.enum(['fr', 'en', 'unknown']),
    intents: z.array(z.enum(intents)),
    sentimentScore: z.number().min(-1).max(1),
    sentiment: z.enum(['negative', 'neutral', 'positive']),
  })
  .meta({ id: 'TextAnalysis', description: 'A lexicon-based reading of the text (fr, en): a signal for routing and for the next agent.' });

export const Interaction = z
  .object({
    interactionId: InteractionId,
    customerId: CustomerId,
    caseId: CaseId.optional(),
    channel: Channel,
    direction: z.enum(['inbound', 'outbound']),
    text: z.string().optional(),
    occurredAt: Timestamp,
    recordedAt: Timestamp,
    agentId: z.string().optional(),
    recordedBy: z.string().meta({ description: 'Role of the caller that recorded it.' }),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    analysis: TextAnalysis.optional(),
    incidentIds: z.array(z.string()).optional().meta({ description: 'Active incidents affecting the customer when they made contact.' }),
  })
  .meta({ id: 'Interaction' });
export type Interaction = z.infer<typeof Interaction>;

export const RecordInteractionResponse = Interaction.extend({
  customerCreated: z.boolean().meta({ description: 'True when no known identity matched and a profile was created.' }),
  identitiesAdded: z
    .array(z.enum(['email', 'phone', 'externalId', 'social']))
    .optional()
    .meta({ description: 'Identities attached to the profile by this contact (staff roles only: it would tell a customer whether an identity belongs to someone else).' }),
  possibleDuplicates: z
    .array(CustomerId)
    .optional()
    .meta({ description: 'Other profiles that own some of the identities given: candidates for a merge (staff roles only).' }),
  autoEscalation: z
    .object({ escalationId: z.string(), queue: z.enum(escalationQueues), reason: z.string() })
    .optional()
    .meta({ description: "Set when the client's automatic rules escalated the case on this contact (staff roles only)." }),
}).meta({ id: 'RecordInteractionResponse' });

export const Identities = z
  .object({
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    externalIds: z.array(z.string()),
    social: z.array(z.object({ network: z.string(), handle: z.string() })),
  })
  .meta({ id: 'Identities' });

const SegmentValue = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._:/-]{0,63}$/u, 'a segment value: letters, digits, space and ._:/- (at most 64 characters)');

const Segments = z
  .object(Object.fromEntries(segmentAttributes.map((attribute) => [attribute, SegmentValue.optional()])) as Record<SegmentAttribute, z.ZodOptional<typeof SegmentValue>>)
  .meta({ id: 'Segments', description: 'Who the customer is for incidents and offers: zone, postcode, offer, product.' });

export const Customer = z
  .object({
    customerId: CustomerId,
    identities: Identities,
    segments: Segments,
    vip: z.boolean(),
    mergedFrom: z.array(CustomerId).meta({ description: 'Profiles merged into this one; their ids still resolve here.' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof Customer>;

export const CustomerPath = z.object({ customerId: CustomerId });

export const UpdateCustomerRequest = z
  .object({
    vip: z.boolean().optional(),
    segments: z
      .object(Object.fromEntries(segmentAttributes.map((attribute) => [attribute, SegmentValue.nullable().optional()])) as Record<SegmentAttribute, z.ZodOptional<z.ZodNullable<typeof SegmentValue>>>)
      .strict()
      .optional()
      .meta({ description: 'A value sets the attribute, null removes it, an absent attribute is left as it is.' }),
  })
  .strict()
  .refine((u) => u.vip !== undefined || (u.segments !== undefined && Object.keys(u.segments).length > 0), { message: 'at least one of vip, segments' })
  .meta({ id: 'UpdateCustomerRequest' });

export const FindCustomerQuery = z
  .object({
    email: Email.optional(),
    phone: Phone.optional(),
    externalId: Line.min(1).max(100).optional(),
    socialNetwork: z.string().regex(/^[a-z0-9_-]{1,30}$/).optional(),
    socialHandle: Line.min(1).max(100).transform(normaliseSocialHandle).optional(),
  })
  .strict()
  .refine((q) => [q.email, q.phone, q.externalId, q.socialHandle].filter((v) => v !== undefined).length === 1, {
    message: 'exactly one of email, phone, externalId, socialHandle (with socialNetwork)',
  })
  .refine((q) => (q.socialHandle === undefined) === (q.socialNetwork === undefined), {
    message: 'socialHandle and socialNetwork go together',
    path: ['socialNetwork'],
  })
  .meta({ description: 'Give exactly one identity: `email`, `phone`, `externalId`, or `socialHandle` with its `socialNetwork`.' });
export const CasePath = z.object({ caseId: CaseId });

export const TimelineQuery = z
  .object({
    limit: queryInteger({ min: 1, max: 100, default: 25 }),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, 'a nextCursor returned by a previous page').optional(),
  })
  .strict();

const SlaTarget = z.object({
  dueAt: Timestamp,
  state: z.enum(['active', 'met', 'breached']),
  metAt: Timestamp.optional(),
  breachedAt: Timestamp.optional(),
  remainingMinutes: z.number().min(0).optional().meta({ description: 'While paused: the business minutes that were left.' }),
});

export const CaseSla = z
  .object({
    policy: Priority.meta({ description: 'The priority whose targets apply.' }),
    state: z.enum(['active', 'met', 'breached']),
    pausedAt: Timestamp.optional().meta({ description: 'Set while the case waits on the customer (`pending`): the clock is stopped.' }),
    firstResponse: SlaTarget,
    resolution: SlaTarget,
  })
  .meta({ id: 'CaseSla', description: "The case's service-level targets, counted in the client's business hours (or around the clock for priorities served 24/7)." });

export const Case = z
  .object({
    caseId: CaseId,
    customerId: CustomerId,
    subject: z.string(),
    description: z.string().optional(),
    status: CaseStatus,
    priority: Priority,
    assigneeId: z.string().optional(),
    channel: Channel.optional().meta({ description: 'The channel the case was opened from.' }),
    openedAt: Timestamp,
    updatedAt: Timestamp,
    resolvedAt: Timestamp.optional(),
    closedAt: Timestamp.optional(),
    reopenCount: z.number().int().min(0),
    escalation: z
      .object({
        escalationId: EscalationId,
        queue: z.enum(escalationQueues),
        tier: z.number().int().optional(),
        status: z.enum(['requested', 'assigned']),
        requestedAt: Timestamp,
        team: z.string().optional().meta({ description: 'Once assigned.' }),
        assignedAt: Timestamp.optional(),
      })
      .optional()
      .meta({ description: 'The latest escalation: waiting in its queue (`requested`), then `assigned` to a team.' }),
    sla: CaseSla.optional(),
    version: z.number().int().min(1).meta({ description: 'Increments on every change.' }),
  })
  .meta({ id: 'Case' });
export type Case = z.infer<typeof Case>;

export const MergeCustomersRequest = z
  .object({ sourceCustomerId: CustomerId })
  .strict()
  .meta({ id: 'MergeCustomersRequest', description: 'The profile to merge into the one in the path. It keeps every interaction and case.' });

export const OpenCaseRequest = z
  .object({
    customerId: CustomerId.optional().meta({ description: 'Required for staff roles; a customer opens cases for themselves.' }),
    subject: Line.trim().min(1).max(200),
    description: Text.max(maxTextLength).optional(),
    priority: Priority.optional().meta({ description: 'Staff roles only; `normal` when absent.' }),
    assigneeId: Line.min(1).max(100).optional().meta({ description: 'Staff roles only.' }),
    channel: Channel.optional(),
  })
  .strict()
  .meta({ id: 'OpenCaseRequest' });

export const UpdateCaseRequest = z
  .object({
    status: CaseStatus.optional(),
    priority: Priority.optional(),
    assigneeId: Line.min(1).max(100).nullable().optional().meta({ description: 'null unassigns.' }),
    subject: Line.trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'at least one of status, priority, assigneeId, subject' })
  .meta({ id: 'UpdateCaseRequest' });

const ContextInteraction = Interaction.extend({
  onThisCase: z.boolean(),
});

export const CaseContext = z
  .object({
    incidents: z
      .array(z.object({ incidentId: z.string(), title: z.string(), severity: IncidentSeverity, declaredAt: Timestamp }))
      .meta({ description: 'Active incidents affecting this customer: read these first, the contact is probably about one.' }),
    case: Case,
    customer: Customer,
    summary: z.object({
      contactsOnCase: z.number().int(),
      recentContacts: z.number().int(),
      channelsUsed: z.array(Channel),
      firstContactAt: Timestamp.optional(),
      lastContactAt: Timestamp.optional(),
      lastChannel: Channel.optional(),
      intentsSeen: z.array(z.enum(intents)).meta({ description: 'Every intent read in these interactions.' }),
      latestSentiment: z.enum(['negative', 'neutral', 'positive']).optional().meta({ description: 'The tone of the most recent text.' }),
    }),
    channels: z
      .array(z.object({ channel: Channel, lastContactAt: Timestamp, interactions: z.array(ContextInteraction) }))
      .meta({ description: 'Every interaction of the case and the customer’s other recent ones, grouped by channel, most recently active channel first; oldest first within a channel.' }),
    recentWindowDays: z.number().int(),
  })
  .meta({ id: 'CaseContext', description: 'The handoff view for the next agent: what the customer said and already tried, on every channel.' });

export const EscalateRequest = z
  .object({
    tier: z.number().int().min(1).max(9).optional().meta({ description: 'Support tier to escalate to (the routing config maps tiers to queues).' }),
    skill: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, 'a skill such as network, billing').optional(),
    reason: Text.trim().min(1).max(1000),
    priority: Priority.optional().meta({ description: "Defaults to the case's priority; urgent always goes to the urgent queue." }),
  })
  .strict()
  .meta({ id: 'EscalateRequest' });

export const Escalation = z
  .object({
    escalationId: EscalationId,
    caseId: CaseId,
    customerId: CustomerId,
    queue: z.enum(escalationQueues),
    tier: z.number().int().optional(),
    skill: z.string().optional(),
    priority: Priority,
    reason: z.string(),
    status: z.enum(['requested', 'assigned']),
    requestedAt: Timestamp,
    requestedBy: z.string(),
    team: z.string().optional(),
    assignedAt: Timestamp.optional(),
  })
  .meta({ id: 'Escalation' });

export const QueueStatuses = z
  .object({
    asOf: Timestamp.meta({ description: 'When the figures were read (at most 60 s ago).' }),
    windowMinutes: z.number().int().meta({ description: 'The window recent throughput is measured over.' }),
    queues: z.array(
      z.object({
        queue: z.enum(escalationQueues),
        team: z.string(),
        depth: z.number().int().min(0).meta({ description: 'Escalations waiting in the queue.' }),
        inFlight: z.number().int().min(0).meta({ description: 'Escalations a worker is handling right now.' }),
        oldestWaitSeconds: z.number().int().min(0).meta({ description: 'How long the oldest escalation not yet assigned has waited.' }),
        completedRecently: z.number().int().min(0).meta({ description: 'Escalations assigned within the window.' }),
        throughputPerMinute: z.number().min(0),
        estimatedWaitSeconds: z
          .number()
          .int()
          .min(0)
          .nullable()
          .meta({ description: 'Waiting work divided by recent throughput; null when work waits but nothing completed in the window.' }),
      }),
    ),
  })
  .meta({ id: 'QueueStatuses' });

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');
const NotificationChannel = z.enum(notificationChannels);

export const Preferences = z
  .object({
    consent: z
      .object(Object.fromEntries(notificationChannels.map((channel) => [channel, z.boolean().optional()])) as Record<(typeof notificationChannels)[number], z.ZodOptional<z.ZodBoolean>>)
      .strict()
      .meta({ description: 'Opt-in per channel. Absent or false: nothing proactive is sent on that channel.' }),
    preferredChannel: NotificationChannel.optional().meta({ description: 'Used first when consented.' }),
    language: Language.optional(),
    quietHours: z
      .object({ from: LocalTime, to: LocalTime })
      .strict()
      .optional()
      .meta({ description: "Non-urgent messages wait until the end (client's time zone); may cross midnight (21:00 → 08:00)." }),
  })
  .strict()
  .meta({ id: 'PreferencesRequest' });

export const PreferencesView = Preferences.extend({ customerId: CustomerId, updatedAt: Timestamp.optional() }).meta({ id: 'Preferences' });

const Severity = IncidentSeverity.meta({ description: 'critical incidents are sent even in quiet hours.' });
const IncidentMessages = z
  .object({ fr: Text.trim().min(1).max(1000).optional(), en: Text.trim().min(1).max(1000).optional() })
  .strict()
  .refine((m) => m.fr !== undefined || m.en !== undefined, { message: 'at least one language' })
  .meta({ description: 'The message per language; customers get theirs, else the other one.' });

export const DeclareIncidentRequest = z
  .object({
    title: Line.trim().min(1).max(200),
    severity: Severity,
    affected: z
      .object(Object.fromEntries(segmentAttributes.map((attribute) => [attribute, z.array(SegmentValue).min(1).max(1000).optional()])) as Record<SegmentAttribute, z.ZodOptional<z.ZodArray<typeof SegmentValue>>>)
      .strict()
      .refine((a) => Object.values(a).some((values) => values && values.length > 0), { message: 'name at least one segment (zone, postcode, offer or product)' })
      .meta({ description: 'Who is affected: customers whose segment attribute has one of these values.' }),
    messages: IncidentMessages,
  })
  .strict()
  .meta({ id: 'DeclareIncidentRequest' });

export const UpdateIncidentRequest = z
  .object({
    title: Line.trim().min(1).max(200).optional(),
    severity: Severity.optional(),
    messages: IncidentMessages.optional(),
    status: z.literal('resolved').optional().meta({ description: 'Resolve it: the audience is told (with `messages`, else a standard text).' }),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'at least one of title, severity, messages, status' })
  .meta({ id: 'UpdateIncidentRequest' });

export const IncidentPath = z.object({ incidentId: IncidentId });

export const ListIncidentsQuery = TimelineQuery.extend({
    segment: z
      .string()
      .regex(new RegExp(`^(${segmentAttributes.join('|')}):[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/-]{0,63}$`, 'u'), `a segment as attribute:value, the attribute one of ${segmentAttributes.join(', ')} (zone:75011)`)
      .optional()
      .meta({ description: 'Only the incidents affecting this segment, as `attribute:value` (`zone:75011`, `offer:fibre-1g`).' }),
  }).strict();

export const Incident = z
  .object({
    incidentId: IncidentId,
    title: z.string(),
    severity: Severity,
    affected: z.partialRecord(z.enum(segmentAttributes), z.array(z.string())),
    messages: z.partialRecord(Language, z.string()),
    status: z.enum(['active', 'resolved']),
    revision: z.number().int().meta({ description: 'Each revision is told to the audience once.' }),
    declaredAt: Timestamp,
    declaredBy: z.string(),
    updatedAt: Timestamp,
    resolvedAt: Timestamp.optional(),
    deliveries: z
      .object(Object.fromEntries(countedStatuses.map((status) => [status, z.number().int()])) as Record<(typeof countedStatuses)[number], z.ZodNumber>)
      .optional()
      .meta({
        description:
          'Notifications of every revision so far, by notification status: sent, suppressed (no consent, no address, or a deferred revision superseded by a newer one), deferred (quiet hours, not sent yet), failed.',
      }),
    contactsDuringIncident: z.number().int().optional().meta({ description: 'Contacts recorded from affected customers while it was active.' }),
    version: z.number().int().min(1).meta({ description: 'Increments on every change.' }),
  })
  .meta({ id: 'Incident' });

export const ActiveIncident = Incident.pick({ incidentId: true, title: true, severity: true, affected: true, messages: true, status: true, revision: true, declaredAt: true, updatedAt: true }).meta({
  id: 'ActiveIncident',
});

export const IncidentList = z
  .object({
    items: z.array(ActiveIncident).meta({ description: 'Newest first.' }),
    nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` to get the next (older) page; absent on the last page.' }),
  })
  .meta({ id: 'IncidentList' });

export const CallbackPath = z.object({ callbackId: CallbackId });

export const RequestCallbackRequest = z
  .object({
    customerId: CustomerId.optional().meta({ description: 'Required for staff; a customer asks for themselves.' }),
    phone: Phone,
    reason: Text.trim().min(1).max(500).optional(),
    when: z.union([
      z.literal('asap'),
      z
        .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
        .strict()
        .refine((w) => new Date(w.to) > new Date(w.from), { message: 'to must be after from', path: ['to'] })
        .refine((w) => new Date(w.to).getTime() - new Date(w.from).getTime() <= 86_400_000, { message: 'a window lasts at most 24 hours', path: ['to'] })
        .refine((w) => new Date(w.to).getTime() > Date.now(), { message: 'the window is over', path: ['to'] }),
    ]),
    scheduleIfClosed: z.boolean().optional().meta({ description: 'Outside business hours, schedule asap into the next window instead of refusing it (409).' }),
  })
  .strict()
  .meta({ id: 'RequestCallbackRequest' });

export const Callback = z
  .object({
    callbackId: CallbackId,
    customerId: CustomerId,
    phone: z.string(),
    reason: z.string().optional(),
    asap: z.boolean(),
    window: z.object({ from: Timestamp, to: Timestamp }).optional(),
    dueAt: Timestamp.meta({ description: 'When it is (or next is) handed to telephony.' }),
    status: CallbackStatus,
    attempts: z.number().int(),
    requestedAt: Timestamp,
    updatedAt: Timestamp,
    history: z.array(z.object({ at: Timestamp, status: CallbackStatus, attempt: z.number().int(), note: z.string().optional() })).meta({ description: 'Every step, oldest first.' }),
    version: z.number().int().min(1).meta({ description: 'Increments on every change.' }),
    estimatedWaitSeconds: z.number().int().nullable().optional().meta({ description: 'On request: the live estimate from the callback queue (null: unknown).' }),
  })
  .meta({ id: 'Callback' });

export const CallbackPage = z
  .object({
    customerId: CustomerId,
    items: z.array(Callback).meta({ description: 'Newest first.' }),
    nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` to get the next (older) page; absent on the last page.' }),
  })
  .meta({ id: 'CallbackPage' });

export const CallbackOutcomeRequest = z
  .object({ outcome: z.enum(['completed', 'no_answer']), note: Text.trim().max(500).optional() })
  .strict()
  .meta({ id: 'CallbackOutcomeRequest' });

export const Notification = z
  .object({
    notificationId: z.string(),
    customerId: CustomerId,
    kind: z.enum(notificationKinds),
    caseId: CaseId.optional(),
    incidentId: IncidentId.optional(),
    incidentRevision: z.number().int().optional().meta({ description: 'The incident revision it tells.' }),
    status: z.enum(notificationStatuses).meta({ description: '`queued` while being sent or retried, `deferred` while quiet hours hold it back (see `deferredUntil`), then `sent`, `failed` or `suppressed`.' }),
    reason: z.enum(suppressionReasons).optional().meta({ description: 'Why it was suppressed (`superseded`: a newer revision of the incident reached the customer while this one waited for quiet hours to end).' }),
    channel: NotificationChannel.optional(),
    language: Language,
    text: z.string(),
    urgent: z.boolean(),
    createdAt: Timestamp,
    deferredUntil: Timestamp.optional().meta({ description: 'Quiet hours: held back until then.' }),
    sentAt: Timestamp.optional(),
    attempts: z.number().int(),
    lastError: z.string().optional(),
  })
  .meta({ id: 'Notification' });

export const TimelineEntry = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('interaction'), at: Timestamp, interaction: Interaction }),
    z.object({ type: z.literal('case'), at: Timestamp, case: Case }),
    z.object({ type: z.literal('notification'), at: Timestamp, notification: Notification }),
    z.object({ type: z.literal('callback'), at: Timestamp, callback: Callback }),
  ])
  .meta({ id: 'TimelineEntry', description: 'One record of the customer, newest first. More types (notifications, callbacks, self-care sessions) will appear: ignore types you do not know.' });

export const Timeline = z
  .object({
    customerId: CustomerId,
    items: z.array(TimelineEntry),
    nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` to get the next (older) page; absent on the last page.' }),
  })
  .meta({ id: 'Timeline' });

export const Health = z.object({ status: z.literal('ok'), clientId: z.string(), time: Timestamp }).meta({ id: 'Health' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string().meta({ description: 'Dotted path of the offending field, e.g. customer.email' }), message: z.string() }))
      .optional(),
    nextWindow: z
      .object({ from: Timestamp, to: Timestamp })
      .optional()
      .meta({ description: 'Extension of `outside-business-hours`: the next window a callback can be asked for (send it as `when`).' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, served as application/problem+json.' });

export const OpenApiDocument = z.looseObject({ openapi: z.string() }).meta({ id: 'OpenApiDocument' });
