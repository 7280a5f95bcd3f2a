import { rateKeyPrefix } from '../../definition/table';
import type { IdentityKind } from '../../domain/identities';

/** The sort key prefix of the interactions in a customer's partition (`keys.interaction`): their timeline key follows it. */
export const interactionSortPrefix = 'TL#';

/** The sort key prefix of the idempotency references in a customer's partition (`keys.idempotencyReference`). */
export const idempotencyReferencePrefix = 'IDEMPOTENCY#';

/**
 * Key values of the data table, one function per item type. The attribute names are declared in
 * functions/definition/table.ts; the access patterns these keys serve are listed in docs/data-model.md.
 */
export const keys = {
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'PROFILE' }),
  identity: (kind: IdentityKind, value: string) => ({ pk: `IDENTITY#${kind}#${value}`, sk: 'IDENTITY' }),
  /**
   * An interaction, under its customer's partition (`TL#` then its timeline key): the timeline's
   * interactions are a Query of the base table, so recording one writes no index entry (the
   * byCustomer index holds the customer's other records). Items written before this layout
   * (`INTERACTION#<id>`, with `customerKey`) are still on byCustomer and read from there.
   */
  interaction: (customerId: string, occurredAt: string, interactionId: string) => ({
    pk: `CUSTOMER#${customerId}`,
    sk: `${interactionSortPrefix}${keys.timeline(occurredAt, interactionId)}`,
  }),
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  escalation: (escalationId: string) => ({ pk: `ESCALATION#${escalationId}`, sk: 'ESCALATION' }),
  /**
   * Partition of the worklists index for cases whose SLA runs. Spread over a few partitions by
   * case id, so that a busy client does not write one hot index partition.
   */
  slaWatch: (shard: number) => `SLA#${shard}`,
  slaShardOf: (caseId: string) => caseId.charCodeAt(caseId.length - 1) % slaShards,
  /** Partition of the caseLists index: the cases in one listed status, most recently changed first (GET /cases). */
  caseList: (status: string) => `CASES#${status}`,
  /** A case's place on its list (and the cursor of a page ending with it): last change, then id, as a timeline key. */
  caseListAt: (updatedAt: string, caseId: string) => `${new Date(updatedAt).toISOString()}#${caseId}`,
  /** Partition of the worklists index for escalations waiting in a queue: its oldest is the queue's wait. */
  queueWaiting: (queue: string) => `QUEUE#${queue}`,
  /** Completions of a queue, one item per minute (throughput for wait estimates). */
  queueStats: (queue: string, minute: string) => ({ pk: `QUEUESTATS#${queue}`, sk: `MINUTE#${minute}` }),
  /** One webhook delivery: an event to one target. */
  webhookDelivery: (eventId: string, target: string) => ({ pk: `WEBHOOK#${eventId}#${target}`, sk: 'DELIVERY' }),
  /** One customer's membership of a segment (zone 75011, offer fibre-1g): incident audiences are Queries on it. */
  segmentMember: (attribute: string, value: string, customerId: string) => ({ pk: `SEGMENT#${attribute}#${value}`, sk: `CUSTOMER#${customerId}` }),
  notification: (notificationId: string) => ({ pk: `NOTIFICATION#${notificationId}`, sk: 'NOTIFICATION' }),
  /** Work list of notifications held back by quiet hours, by the time they may go. */
  deferredNotifications: () => 'NOTIFY#DEFERRED',
  incident: (incidentId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: 'INCIDENT' }),
  /** Work list of the incidents in progress (few at a time): every contact is checked against them. */
  activeIncidents: () => 'INCIDENTS#ACTIVE',
  /** An incident's delivery counters, spread over shards so a 100,000-customer fan-out has no hot item. */
  incidentStats: (incidentId: string, shard: number) => ({ pk: `INCIDENTSTATS#${incidentId}`, sk: `SHARD#${shard}` }),
  /**
   * One caller's request count in one fixed window (per-caller rate limits). The window start is
   * in the key, so a counter expired by TTL but not yet deleted is never counted again.
   */
  rateWindow: (kind: string, id: string, windowStart: Date) => ({
    pk: `${rateKeyPrefix}${kind}#${id}#${windowStart.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    sk: 'RATE',
  }),
  /**
   * One customer of an incident's audience (reached by its fan-out or told on joining a segment):
   * the latest revision they were told. Spread over the same shards as the counters; later
   * revisions are told to these lists, so whoever was told hears every later revision.
   */
  incidentAudience: (incidentId: string, customerId: string) => ({ pk: `INCIDENTAUDIENCE#${incidentId}#${shardOf(customerId)}`, sk: `CUSTOMER#${customerId}` }),
  incidentAudienceShard: (incidentId: string, shard: number) => `INCIDENTAUDIENCE#${incidentId}#${shard}`,
  callback: (callbackId: string) => ({ pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' }),
  /**
   * A reference, under the customer, to the Idempotency-Key record (the idempotency table's `id`)
   * of a request made for them: the erasure finds their stored responses by it (a Query of the
   * customer's partition, `idempotencyReferencePrefix`). Expires a little after the record.
   */
  idempotencyReference: (customerId: string, recordId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `${idempotencyReferencePrefix}${recordId}` }),
  /** The one open callback of a customer: claimed with a conditional put. */
  openCallback: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'OPEN_CALLBACK' }),
  /** Work list of callbacks waiting for their time (a window, a retry), by due time. */
  scheduledCallbacks: () => 'CALLBACK#SCHEDULED',
  /** A knowledge-base article (any status, any locale). */
  article: (articleId: string) => ({ pk: `ARTICLE#${articleId}`, sk: 'ARTICLE' }),
  /** Partition of the worklists index: a locale's articles in one status, by last change (lists, and what the search index is built from). */
  articleList: (locale: string, status: string) => `ARTICLES#${locale}#${status}`,
  /** A guided troubleshooting flow (self-care). */
  flow: (flowId: string) => ({ pk: `FLOW#${flowId}`, sk: 'FLOW' }),
  /** A self-care session: its id is 128 random bits, the only key to an anonymous one. */
  selfcareSession: (sessionId: string) => ({ pk: `SELFCARE#${sessionId}`, sk: 'SESSION' }),
  /**
   * The self-care report's counters of one locale and UTC day, one partition (read with one
   * Query): `TOTALS`, `NORESULT#<normalised query>`, `ARTICLE#<articleId>`.
   */
  selfcareReport: (locale: string, day: string, sk: string) => ({ pk: `SELFCAREREPORT#${locale}#${day}`, sk }),
  /** The customer's latest signed-in self-care session, that a contact elsewhere is checked against (expires by TTL). */
  selfcareFollowUp: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'SELFCARE_FOLLOWUP' }),
  /**
   * The KPI counters of one dimension (`all`, `channel`, `queue`, `team`, `priority`): one item per
   * client day and value, so a period is one Query per dimension (sk between `<from>#` and `<to>#~`).
   */
  kpiCounter: (dimension: string, day: string, value: string) => ({ pk: `KPI#${dimension}`, sk: `${day}#${value}` }),
  kpiDimension: (dimension: string) => `KPI#${dimension}`,
  /** An event the KPI consumer applied: claimed in the transaction of its counts (idempotent per event id). */
  kpiEvent: (eventId: string) => ({ pk: `KPIEVENT#${eventId}`, sk: 'APPLIED' }),
  /** What the KPI consumer keeps of a case, a customer's recent resolutions, a callback's promise. */
  kpiCase: (caseId: string) => ({ pk: `KPICASE#${caseId}`, sk: 'CASE' }),
  kpiCustomer: (customerId: string) => ({ pk: `KPICUSTOMER#${customerId}`, sk: 'RESOLUTIONS' }),
  kpiCallback: (callbackId: string) => ({ pk: `KPICALLBACK#${callbackId}`, sk: 'CALLBACK' }),
  /** An incident's deflection counter (customers who contacted during it), on the `KPIINCIDENTS` work list by declared day. */
  kpiIncident: (incidentId: string) => ({ pk: `KPIINCIDENT#${incidentId}`, sk: 'INCIDENT' }),
  kpiIncidentContact: (incidentId: string, customerId: string) => ({ pk: `KPIINCIDENT#${incidentId}`, sk: `CUSTOMER#${customerId}` }),
  kpiIncidents: () => 'KPIINCIDENTS',
  /** Contacts of one intent × segment value per 15-minute bucket (sk: the bucket's start), and its open surge (`OPEN`). */
  surgeBucket: (intent: string, attribute: string, value: string, bucket: string) => ({ pk: `SURGEBUCKET#${intent}#${attribute}#${value}`, sk: bucket }),
  surgeOpen: (intent: string, attribute: string, value: string) => ({ pk: `SURGEBUCKET#${intent}#${attribute}#${value}`, sk: 'OPEN' }),
  surge: (surgeId: string) => ({ pk: `SURGE#${surgeId}`, sk: 'SURGE' }),
  /** Work list of the surges, by detection time (GET /surges). */
  surges: () => 'SURGES',
  /** Partition of the byCase index too (overloaded): the self-care sessions handed over to one case. */
  caseSessions: (caseId: string) => `CASESESSIONS#${caseId}`,
  /** A survey put to a customer, with their answer once given (comment included: the one record erasure looks for). */
  survey: (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'SURVEY' }),
  /** A detractor's answer: its own item, so the survey's answer and `SurveyDetractor` are two outbox events of one transaction. */
  surveyDetractor: (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'DETRACTOR' }),
  /** One link's token, by its SHA-256 (never the token): which survey it opens. */
  surveyToken: (tokenHash: string) => ({ pk: `SURVEYTOKEN#${tokenHash}`, sk: 'TOKEN' }),
  /** When the customer was last offered a survey (fatigue), claimed with a conditional put. */
  surveyFatigue: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'SURVEY_FATIGUE' }),
  /** Partition of the byCase index too (overloaded): the surveys about one case. */
  caseSurveys: (caseId: string) => `CASESURVEYS#${caseId}`,
  /** An erasure request and, once done, its proof: keyed by an HMAC of the customer id, never the id. */
  erasure: (requestId: string) => ({ pk: `ERASURE#${requestId}`, sk: 'ERASURE' }),
  /** Partition of the byCustomer index: every timeline record of one profile. */
  customerTimeline: (customerId: string) => `CUSTOMER#${customerId}`,
  /** Partition of the byCase index: every interaction of one case. */
  caseTimeline: (caseId: string) => `CASE#${caseId}`,
  /**
   * Partition of the byCase index too (overloaded, no index of its own): every callback of one
   * profile, so listing them reads only callbacks, not the whole timeline.
   */
  customerCallbacks: (customerId: string) => `CALLBACKS#${customerId}`,
  /**
   * Sort key of both indexes: UTC time at millisecond precision (fixed width, so it sorts as
   * time) then the record id (unique, so it can serve as a page cursor).
   */
  timeline: (at: string, recordId: string) => `${new Date(at).toISOString()}#${recordId}`,
};

export const slaShards = 4;

/** Partition keys of the rate counters start with it: read-only functions may write those items only. */
export { rateKeyPrefix };
/** Shards of an incident's counters and audience lists: enough that a 100,000-customer fan-out writes no hot partition. */
export const incidentShards = 10;

/** The shard of an incident's counters or audience that a customer (or any id) falls in. */
export function shardOf(seed: string): number {
  return [...seed].reduce((sum, c) => sum + c.charCodeAt(0), 0) % incidentShards;
}

export const indexNames = { byCustomer: 'byCustomer', byCase: 'byCase', worklists: 'worklists', caseLists: 'caseLists' } as const;
