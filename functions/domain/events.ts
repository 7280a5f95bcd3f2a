import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { callbackStatuses } from './callbacks';
import { caseStatuses, priorities } from './cases';
import { Channel, Language } from './channels';
import { handoverChannels } from './selfcare';
import { customerChanges, segmentAttributes } from './customers';
import { escalationQueues } from './escalations';
import { identityKinds } from './identities';
import { incidentSeverities, incidentStatuses } from './incidents';
import { directions } from './interactions';
import { notificationChannels, notificationKinds, suppressionReasons } from './notifications';
import { slaTargets } from './sla';
import { preferenceAnswers, surveyQuestions, surveyScales, surveyTriggers } from './surveys';
import { intents, sentiments } from './text-analysis';

/**
 * The event catalog: every event the backend publishes, in one place. Each entry gives the
 * EventBridge `source`, the versioned `detail-type` and the zod schema of `detail.data`; the JSON
 * Schemas and pages under `docs/events/` and the bus rules are generated from it.
 *
 * Events are a public contract: add optional fields freely, but a breaking change is a new
 * version (`CaseUpdated.v2`) published next to the old one until consumers have moved.
 * Events carry ids, never message texts or personal data: consumers read the record if needed.
 */
export interface EventDefinition<Name extends string = string, Data extends z.ZodMiniType = z.ZodMiniType> {
  readonly name: Name;
  readonly version: number;
  readonly source: string;
  readonly description: string;
  readonly data: Data;
}

function defineEvent<const Name extends string, Data extends z.ZodMiniType>(
  definition: EventDefinition<Name, Data>,
): EventDefinition<Name, Data> & { readonly detailType: `${Name}.v${number}` } {
  return { ...definition, detailType: `${definition.name}.v${definition.version}` as `${Name}.v${number}` };
}

/** Every source starts with this prefix, so that one rule can match all of them. */
export const eventSourcePrefix = 'support.';

const Timestamp = z.iso.datetime({ offset: true });
// The closed sets are the domain's `as const` arrays: an event cannot name a value the domain lacks.
const Priority = z.enum(priorities);
const CaseStatus = z.enum(caseStatuses);
const IdentityKind = z.enum(identityKinds);
const IncidentSeverity = z.enum(incidentSeverities);
const CallbackStatus = z.enum(callbackStatuses);

const change = <T extends z.ZodMiniType>(value: T) => z.object({ from: value, to: value });

export const events = {
  CustomerCreated: defineEvent({
    name: 'CustomerCreated',
    version: 1,
    source: 'support.customers',
    description: 'A customer profile was created, because a contact arrived with identities nobody knew yet.',
    data: z.object({
      customerId: z.string(),
      identityKinds: meta(z.array(IdentityKind), { description: 'Which kinds of identity the profile started with (never their values).' }),
      firstChannel: z.optional(Channel),
    }),
  }),
  CustomerIdentitiesAdded: defineEvent({
    name: 'CustomerIdentitiesAdded',
    version: 1,
    source: 'support.customers',
    description: 'New identities (an email, a phone, a CRM reference, a social handle) were attached to an existing profile.',
    data: z.object({ customerId: z.string(), identityKinds: z.array(IdentityKind) }),
  }),
  CustomerUpdated: defineEvent({
    name: 'CustomerUpdated',
    version: 1,
    source: 'support.customers',
    description:
      "A profile's segment attributes (zone, postcode, offer, product), VIP flag or contact preferences (consent, preferred channel, language, quiet hours) changed. Only the names of what changed are given.",
    data: z.object({
      customerId: z.string(),
      changed: z.array(z.enum(customerChanges)).check(z.minLength(1)),
    }),
  }),
  CustomersMerged: defineEvent({
    name: 'CustomersMerged',
    version: 1,
    source: 'support.customers',
    description:
      'Two profiles found to be one person were merged: the source profile now redirects to the target, which shows every interaction and case of both.',
    data: z.object({
      customerId: meta(z.string(), { description: 'The surviving (target) profile.' }),
      sourceCustomerId: meta(z.string(), { description: 'The profile merged into the target.' }),
      mergedBy: meta(z.string(), { description: 'Subject of the caller who asked for the merge.' }),
    }),
  }),
  InteractionRecorded: defineEvent({
    name: 'InteractionRecorded',
    version: 1,
    source: 'support.interactions',
    description: 'A contact on any channel was recorded on a customer profile (and on a case when one was given).',
    data: z.object({
      interactionId: z.string(),
      customerId: z.string(),
      caseId: z.optional(z.string()),
      channel: Channel,
      direction: z.enum(directions),
      occurredAt: Timestamp,
      agentId: z.optional(z.string()),
      textLength: meta(z.int().check(z.gte(0)), { description: 'Length of the text in characters; the text itself stays in the table.' }),
      intents: meta(z.optional(z.array(z.enum(intents))), {
        description: 'What the text is about, when there is a text (complaint, cancellation, outage, billing).',
      }),
      sentiment: meta(z.optional(z.enum(sentiments)), { description: 'The tone of the text, when there is one.' }),
      incidentIds: meta(z.optional(z.array(z.string())), {
        description: "The active incidents affecting the customer's segments when they made this contact (the KPI contacts during an incident).",
      }),
      segments: meta(z.optional(z.partialRecord(z.enum(segmentAttributes), z.string())), {
        description: "The customer's segment attributes (zone, postcode, offer, product), for the weak signals per intent × segment; no identity.",
      }),
    }),
  }),
  CaseOpened: defineEvent({
    name: 'CaseOpened',
    version: 1,
    source: 'support.cases',
    description: 'A case was opened for a customer.',
    data: z.object({
      caseId: z.string(),
      customerId: z.string(),
      priority: Priority,
      status: CaseStatus,
      assigneeId: z.optional(z.string()),
      channel: z.optional(Channel),
    }),
  }),
  CaseUpdated: defineEvent({
    name: 'CaseUpdated',
    version: 1,
    source: 'support.cases',
    description: 'A case changed: status (including a reopen), priority, assignee or subject. Only changed fields appear in `changes`.',
    data: z.object({
      caseId: z.string(),
      customerId: z.string(),
      changes: z.object({
        status: z.optional(change(CaseStatus)),
        priority: z.optional(change(Priority)),
        assigneeId: z.optional(change(z.nullable(z.string()))),
        subject: z.optional(z.object({ changed: z.literal(true) })),
      }),
      reopened: meta(z.boolean(), { description: 'True when a resolved or closed case went back to open.' }),
      version: z.int(),
    }),
  }),
  EscalationRequested: defineEvent({
    name: 'EscalationRequested',
    version: 1,
    source: 'support.escalations',
    description: 'A case was escalated beyond the first line; the bus routes it to the queue named in `queue`.',
    data: z.object({
      escalationId: z.string(),
      caseId: z.string(),
      customerId: z.string(),
      queue: z.enum(escalationQueues),
      tier: z.optional(z.int()),
      skill: z.optional(z.string()),
      priority: Priority,
    }),
  }),
  EscalationAssigned: defineEvent({
    name: 'EscalationAssigned',
    version: 1,
    source: 'support.escalations',
    description: "A queue's worker assigned an escalation to its team and recorded it on the case.",
    data: z.object({
      escalationId: z.string(),
      caseId: z.string(),
      customerId: z.string(),
      queue: z.enum(escalationQueues),
      team: z.string(),
      assignedAt: Timestamp,
    }),
  }),
  SlaBreached: defineEvent({
    name: 'SlaBreached',
    version: 1,
    source: 'support.sla',
    description:
      "A case missed an SLA target (first response or resolution) in the client's business time. The case was re-escalated to the next tier and supervisors are told by webhook.",
    data: z.object({
      caseId: z.string(),
      customerId: z.string(),
      priority: meta(Priority, { description: 'The priority whose policy was missed.' }),
      targets: meta(z.array(z.enum(slaTargets)).check(z.minLength(1)), { description: 'The targets missed at this check (both when they fell due together).' }),
      dueAt: meta(Timestamp, { description: 'When the earliest of them was due.' }),
      detectedAt: Timestamp,
      reEscalation: meta(z.object({ escalationId: z.string(), queue: z.enum(escalationQueues), tier: z.int() }), {
        description: 'The escalation requested because of the breach: one tier above the latest (the highest tier stays the highest).',
      }),
    }),
  }),
  IncidentDeclared: defineEvent({
    name: 'IncidentDeclared',
    version: 1,
    source: 'support.incidents',
    description:
      'A supervisor declared an incident (an outage, a known problem): the customers in the affected segments are notified, and form its audience. Each customer of the audience hears each revision at most once, in order, and always the latest state: a customer whom a revision had not reached yet when a newer one was made hears only the newer one (the superseded revision is folded into it, as their first notice if they had heard nothing yet). A customer who joins an affected segment while the incident is active hears its current state once, as a first notice, and is in its audience from then on.',
    data: z.object({
      incidentId: z.string(),
      severity: IncidentSeverity,
      affected: meta(z.partialRecord(z.enum(segmentAttributes), z.array(z.string())), { description: 'Who is affected: segment attribute → values.' }),
      revision: meta(z.int(), { description: '1 at declaration; each update or the resolution adds one.' }),
    }),
  }),
  IncidentUpdated: defineEvent({
    name: 'IncidentUpdated',
    version: 1,
    source: 'support.incidents',
    description:
      'An incident changed (new message, severity) or was resolved: a new revision, told to its audience, that is everyone told an earlier revision (even if they left the segment since); customers the declaration has not reached yet hear this revision in its place. Revisions made back to back are folded: each customer hears the latest one, never an older one after a newer one, never the same one twice.',
    data: z.object({
      incidentId: z.string(),
      severity: IncidentSeverity,
      status: z.enum(incidentStatuses),
      revision: meta(z.int(), { description: 'The new revision (2 for the first update); the resolution is the last.' }),
    }),
  }),
  CallbackRequested: defineEvent({
    name: 'CallbackRequested',
    version: 1,
    source: 'support.callbacks',
    description: 'A customer asked to be called back (the SOS button), as soon as possible or in a window.',
    data: z.object({
      callbackId: z.string(),
      customerId: z.string(),
      dueAt: Timestamp,
      asap: z.boolean(),
      windowEndsAt: meta(z.optional(Timestamp), {
        description: 'The end of the window the customer was given: completed by then, the callback was kept (the KPI callbacks kept).',
      }),
    }),
  }),
  CallbackDue: defineEvent({
    name: 'CallbackDue',
    version: 1,
    source: 'support.callbacks',
    description: 'A callback is due (asap, its window opened, or a retry after no answer): the callback worker hands it to the telephony platform.',
    data: z.object({ callbackId: z.string(), customerId: z.string(), attempt: z.int().check(z.gte(1)) }),
  }),
  CallbackUpdated: defineEvent({
    name: 'CallbackUpdated',
    version: 1,
    source: 'support.callbacks',
    description: 'A callback moved: handed to telephony, completed, not answered (retry scheduled), failed, or cancelled.',
    data: z.object({ callbackId: z.string(), customerId: z.string(), status: CallbackStatus, attempt: z.int().check(z.gte(0)) }),
  }),
  NotificationSent: defineEvent({
    name: 'NotificationSent',
    version: 1,
    source: 'support.notifications',
    description:
      'A proactive notification (an incident notice, a case notice, a survey invitation) reached the messaging platform, on a channel the customer consented to: once per notification, with the write that marks it sent. Ids only: never the address or the text.',
    data: z.object({
      notificationId: z.string(),
      customerId: z.string(),
      kind: z.enum(notificationKinds),
      channel: z.enum(notificationChannels),
      caseId: z.optional(z.string()),
      incidentId: z.optional(z.string()),
      urgent: z.boolean(),
      deferred: meta(z.boolean(), { description: 'Whether quiet hours held it back before it was sent.' }),
      attempts: meta(z.int().check(z.gte(1)), { description: 'The attempts it took (the first is 1).' }),
    }),
  }),
  NotificationSuppressed: defineEvent({
    name: 'NotificationSuppressed',
    version: 1,
    source: 'support.notifications',
    description:
      'A proactive notification was not sent, and never will be: no consent on any channel, no address for a consented one, or (an incident revision held back by quiet hours) a newer revision reached the customer first. Once per notification, with the write that records it. Ids only.',
    data: z.object({
      notificationId: z.string(),
      customerId: z.string(),
      kind: z.enum(notificationKinds),
      suppressionReason: meta(z.enum(suppressionReasons), {
        description: 'Why: no_consent, no_address, or superseded (a newer incident revision reached the customer first).',
      }),
      caseId: z.optional(z.string()),
      incidentId: z.optional(z.string()),
    }),
  }),
  ArticlePublished: defineEvent({
    name: 'ArticlePublished',
    version: 1,
    source: 'support.knowledge',
    description:
      "A knowledge-base article was published, or a published article changed (a new version): the search index of its locale is rebuilt. Carries ids, never the article's text.",
    data: z.object({
      articleId: z.string(),
      locale: Language,
      version: meta(z.int().check(z.gte(1)), { description: 'The published version: 1 at first publication, one more on each published change.' }),
      translationOf: meta(z.optional(z.string()), { description: 'The root article it translates.' }),
    }),
  }),
  ArticleArchived: defineEvent({
    name: 'ArticleArchived',
    version: 1,
    source: 'support.knowledge',
    description: 'A knowledge-base article was archived: it leaves the search index of its locale and is no longer public.',
    data: z.object({
      articleId: z.string(),
      locale: Language,
      version: meta(z.int().check(z.gte(0)), { description: 'Its last published version (0: never published).' }),
    }),
  }),
  SelfcareHandover: defineEvent({
    name: 'SelfcareHandover',
    version: 1,
    source: 'support.selfcare',
    description:
      'A self-care session was handed over to a human: a case opened (or reused) with the session attached. Ids and counts only: no query, no message, no identity.',
    data: z.object({
      sessionId: z.string(),
      caseId: z.string(),
      customerId: z.string(),
      channel: z.enum(handoverChannels),
      startedAt: Timestamp,
      searches: z.int().check(z.gte(0)),
      searchesWithoutResult: z.int().check(z.gte(0)),
      flowSteps: z.int().check(z.gte(0)),
      articlesViewed: z.int().check(z.gte(0)),
    }),
  }),
  SurveyOffered: defineEvent({
    name: 'SurveyOffered',
    version: 1,
    source: 'support.surveys',
    description:
      'A survey was offered to a customer (its link sent through the notification path, or asked inline on chat). Ids only: never the link, whose token is a secret of the customer.',
    data: z.object({
      surveyId: z.string(),
      customerId: z.string(),
      caseId: z.optional(z.string()),
      callbackId: z.optional(z.string()),
      trigger: z.enum(surveyTriggers),
      channel: meta(Channel, { description: 'The channel the survey was offered on.' }),
      expiresAt: Timestamp,
    }),
  }),
  SurveyAnswered: defineEvent({
    name: 'SurveyAnswered',
    version: 1,
    source: 'support.surveys',
    description:
      'A customer answered a survey (once: a second answer is refused). Carries the scores and where the contact stood when it was answered (channel, queue, team, agent), never the comment text.',
    data: z.object({
      surveyId: z.string(),
      customerId: z.string(),
      caseId: z.optional(z.string()),
      trigger: z.enum(surveyTriggers),
      channel: meta(Channel, { description: 'The channel of the contact the survey is about.' }),
      answeredOn: meta(Channel, { description: 'The channel the answer came in on (the survey page is web_selfcare; an SMS reply is sms).' }),
      queue: meta(z.optional(z.string()), { description: 'The escalation queue of the case at the time, if any.' }),
      team: meta(z.optional(z.string()), { description: 'The team of the case at the time, if any.' }),
      agentId: meta(z.optional(z.string()), { description: 'The agent of the case at the time, if any.' }),
      priority: z.optional(Priority),
      answers: z.object({
        csat: z.optional(z.int().check(z.gte(surveyScales.csat.min), z.lte(surveyScales.csat.max))),
        ces: z.optional(z.int().check(z.gte(surveyScales.ces.min), z.lte(surveyScales.ces.max))),
        preference: z.optional(z.enum(preferenceAnswers)),
        nps: z.optional(z.int().check(z.gte(surveyScales.nps.min), z.lte(surveyScales.nps.max))),
      }),
      hasComment: meta(z.boolean(), { description: 'Whether a comment was left (its text stays on the response record).' }),
      offeredAt: Timestamp,
    }),
  }),
  SurveyDetractor: defineEvent({
    name: 'SurveyDetractor',
    version: 1,
    source: 'support.surveys',
    description:
      "A survey answer crossed the client's low-score thresholds (default csat ≤ 2, ces ≥ 6, preference no): the supervisors' webhook is told, and the client's config may offer a callback or reopen the case.",
    data: z.object({
      surveyId: z.string(),
      customerId: z.string(),
      caseId: z.optional(z.string()),
      reasons: meta(z.array(z.enum(surveyQuestions)).check(z.minLength(1)), { description: 'The questions whose answers crossed a threshold.' }),
    }),
  }),
  SurgeDetected: defineEvent({
    name: 'SurgeDetected',
    version: 1,
    source: 'support.kpis',
    description:
      "Contacts about one intent from one segment (zone, postcode, offer, product) in a 15-minute bucket rose above the client's surge threshold (a factor of the trailing baseline, and a minimum count): a weak signal, raised once per intent and segment while it lasts. Supervisors are told by webhook and may declare the suggested incident from it (POST /surges/{surgeId}/incident).",
    data: z.object({
      surgeId: z.string(),
      intent: z.enum(intents),
      segment: z.object({ attribute: z.enum(segmentAttributes), value: z.string() }),
      bucket: meta(Timestamp, { description: 'The start of the 15-minute bucket that crossed the threshold.' }),
      count: meta(z.int().check(z.gte(1)), { description: 'Contacts in that bucket when it was raised.' }),
      baselinePerBucket: meta(z.number().check(z.gte(0)), { description: 'The trailing baseline: mean contacts per 15-minute bucket before it.' }),
      suggestedIncident: meta(z.object({ affected: z.partialRecord(z.enum(segmentAttributes), z.array(z.string())) }), {
        description: 'The incident to declare from it (its title is on the surge: GET /surges).',
      }),
    }),
  }),
  ErasureRequested: defineEvent({
    name: 'ErasureRequested',
    version: 1,
    source: 'support.privacy',
    description:
      "A customer's erasure was requested (GDPR art. 17): the erasure worker does it off the request path. The request id only: it is an HMAC of the customer id, which the record keeps while the work runs.",
    data: z.object({ requestId: z.string() }),
  }),
  CustomerErased: defineEvent({
    name: 'CustomerErased',
    version: 1,
    source: 'support.privacy',
    description:
      "A customer was erased: their profile, identities and everything they said are gone, their cases anonymised. The client's other systems erase what they hold under these ids too (the workforce webhook delivers it). Ids only.",
    data: z.object({
      requestId: z.string(),
      customerId: z.string(),
      mergedCustomerIds: meta(z.array(z.string()), { description: 'The profiles merged into it, erased with it.' }),
      requestedAt: Timestamp,
    }),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventData<N extends EventName> = z.infer<Events[N]['data']>;

/** What every event's `detail` looks like: metadata the platform adds, and the event's data. */
export const EventMetadata = z.object({
  eventId: meta(z.string(), { description: 'Unique per event: consumers use it to drop duplicates (delivery is at-least-once).' }),
  eventType: meta(z.string(), { description: 'Same as detail-type, e.g. `InteractionRecorded.v1`.' }),
  occurredAt: Timestamp,
  clientId: z.string(),
  correlationId: meta(z.string(), { description: 'The HTTP request that caused it (`x-correlation-id` header, else the API request id).' }),
});
export type EventMetadata = z.infer<typeof EventMetadata>;
