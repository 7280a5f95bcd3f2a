import type { z } from 'zod/mini';
import * as contract from '../contracts';
import { escalationQueues } from '../domain/escalations';
import { type Role, roles, staffRoles } from '../domain/roles';
import type { FunctionAccess } from './access';

/**
 * Every HTTP route, declared once, with the function that serves it and what that function may
 * touch. The CDK stack adds one HTTP API route per entry (with the JWT authorizer unless `auth` is
 * 'public') and one function per route; the local gateway serves the same list; the handlers
 * read their own entry for validation and role checks; the OpenAPI document is generated from it.
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type SuccessStatus = 200 | 201 | 202;

/** Bodies above this are refused before parsing (the largest valid body is far smaller). */
export const maxBodyBytes = 256 * 1024;

/** Longest `Idempotency-Key` accepted (declared with the contracts, which the batch route's body uses too). */
export const idempotencyKeyMaxLength = contract.idempotencyKeyMaxLength;

export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  /**
   * The Lambda function that serves it (functions/definition/functions.ts derives it from the
   * route): its handler is `functions/api/<function name in kebab case>.ts`, its role gets `access`.
   */
  readonly function: string;
  /** What the function may touch (./access.ts); every route also counts its callers (`rateLimit`). */
  readonly access: FunctionAccess;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  /** 'public' (no token) or the roles allowed to call it. */
  readonly auth: 'public' | readonly Role[];
  /**
   * OAuth scopes the JWT authorizer requires: the token's `scope` (or `scp`) must hold at least
   * one of them (the route's authorizationScopes on AWS; the local gateway checks the same).
   */
  readonly scopes?: readonly string[];
  readonly params?: z.ZodMiniObject;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  /** Accepts an Idempotency-Key header: a retry returns the first response and writes nothing. */
  readonly idempotent?: boolean;
  readonly success: {
    readonly status: SuccessStatus;
    readonly description: string;
    readonly schema: z.ZodMiniType;
    /**
     * How the handler's body is tied to `schema` (tsc checks it at the route's `httpHandler`): by
     * default the same shape exactly; 'fits' for a result that is a narrower case of a schema it
     * shares with another route (an incident as written, before the delivery counts only a read
     * adds; a callback without the wait estimate only a request adds): every body valid, no field
     * undescribed.
     */
    readonly tie?: 'fits';
  };
  /**
   * Other success statuses the route answers with, with the same body schema (e.g. 200 when a
   * repeat request returns what exists instead of creating it). Handlers are typed to return only
   * `success.status` or one of these, and the OpenAPI document lists each.
   */
  readonly alsoSuccess?: readonly { readonly status: SuccessStatus; readonly description: string }[];
  /** Error statuses this route can answer with, besides 401/403 implied by `auth`. */
  readonly errors: readonly (400 | 404 | 409 | 410 | 413 | 415 | 422)[];
}

const everyone: readonly Role[] = roles;
const staff: readonly Role[] = staffRoles;

/*
 * One constant per route, named after its function, so that a handler's bundle holds its own
 * route and the schemas it uses (esbuild drops the unused constants), not the whole API; the
 * list below is the declaration everything else reads.
 */
export const health = {
  method: 'GET',
  path: '/health',
  function: 'health',
  access: {},
  operationId: 'getHealth',
  summary: 'Liveness check',
  tag: 'Platform',
  auth: 'public',
  success: { status: 200, description: 'The API is up', schema: contract.Health },
  errors: [],
} as const satisfies RouteDefinition;

export const openapi = {
  method: 'GET',
  path: '/openapi.json',
  function: 'openapi',
  access: {},
  operationId: 'getOpenApi',
  summary: 'This OpenAPI document',
  tag: 'Platform',
  auth: 'public',
  success: { status: 200, description: 'OpenAPI 3.1 document', schema: contract.OpenApiDocument },
  errors: [],
} as const satisfies RouteDefinition;

export const recordInteraction = {
  method: 'POST',
  path: '/interactions',
  function: 'recordInteraction',
  access: {
    // Identity owners (BatchGetItem), the profile and case, new profile/identities/interaction
    // (PutItem, some in transactions), incident counters (UpdateItem), the active incidents
    // (worklists) and, for the repeat-contact rule, the case's contacts (byCase); the customer's
    // signed-in self-care session, marked and counted when this contact follows it (selfcare).
    data: { actions: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'], indexes: ['worklists', 'byCase'] },
    idempotency: true,
    routing: true,
    sla: true,
    selfcare: true,
  },
  operationId: 'recordInteraction',
  summary: 'Record a contact on any channel; it lands on the one profile of that customer',
  tag: 'Interactions',
  auth: everyone,
  body: contract.RecordInteractionRequest,
  idempotent: true,
  success: { status: 201, description: 'Recorded', schema: contract.RecordInteractionResponse },
  errors: [400, 404, 413, 415, 422],
} as const satisfies RouteDefinition;

export const recordInteractionBatch = {
  method: 'POST',
  path: '/interactions:batch',
  function: 'recordInteractionBatch',
  // What recording one contact touches (recordInteraction's access), for each contact; and the
  // idempotency table, for the contacts' own keys.
  access: {
    data: { actions: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'], indexes: ['worklists', 'byCase'] },
    idempotency: true,
    routing: true,
    sla: true,
  },
  operationId: 'recordInteractionBatch',
  summary: 'Record up to 25 contacts in one request (channel integrations), each with its own result and its own idempotency key',
  tag: 'Interactions',
  auth: staff,
  body: contract.RecordInteractionBatchRequest,
  success: { status: 200, description: 'One result per contact, in the order sent', schema: contract.RecordInteractionBatchResponse },
  // A contact's own refusals (404, 409, 422...) are in its result, not the response status.
  errors: [400, 413, 415],
} as const satisfies RouteDefinition;

export const findCustomer = {
  method: 'GET',
  path: '/customers',
  function: 'findCustomer',
  access: { data: { actions: ['GetItem', 'BatchGetItem'] } },
  operationId: 'findCustomer',
  summary: 'Find the profile an email, phone, CRM reference or social handle belongs to (the caller on the line, the sender of an email)',
  tag: 'Customers',
  auth: staff,
  query: contract.FindCustomerQuery,
  success: { status: 200, description: 'The profile that owns the identity', schema: contract.Customer },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const getCustomer = {
  method: 'GET',
  path: '/customers/{customerId}',
  function: 'getCustomer',
  access: { data: { actions: ['GetItem'] } },
  operationId: 'getCustomer',
  summary: 'A customer profile with every identity it is known by',
  tag: 'Customers',
  auth: everyone,
  params: contract.CustomerPath,
  success: { status: 200, description: 'The profile (a merged id returns the surviving profile)', schema: contract.Customer },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const updateCustomer = {
  method: 'PATCH',
  path: '/customers/{customerId}',
  function: 'updateCustomer',
  access: { data: { actions: ['GetItem', 'PutItem', 'DeleteItem'] } },
  operationId: 'updateCustomer',
  summary: 'Set segment attributes (zone, postcode, offer, product: who an incident affects) and the VIP flag',
  tag: 'Customers',
  auth: staff,
  params: contract.CustomerPath,
  body: contract.UpdateCustomerRequest,
  success: { status: 200, description: 'The updated profile', schema: contract.Customer },
  errors: [400, 404, 409, 415],
} as const satisfies RouteDefinition;

export const getTimeline = {
  method: 'GET',
  path: '/customers/{customerId}/timeline',
  function: 'getTimeline',
  // The profile (GetItem), its interactions (Query of its partition), its other records (byCustomer).
  access: { data: { actions: ['GetItem', 'Query'], indexes: ['byCustomer'] } },
  operationId: 'getCustomerTimeline',
  summary: 'Everything that happened with a customer, newest first, on every channel',
  tag: 'Customers',
  auth: everyone,
  params: contract.CustomerPath,
  query: contract.TimelineQuery,
  success: { status: 200, description: 'One page of the timeline', schema: contract.Timeline, tie: 'fits' },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const mergeCustomers = {
  method: 'POST',
  path: '/customers/{customerId}/merge',
  function: 'mergeCustomers',
  access: { data: { actions: ['GetItem', 'PutItem', 'UpdateItem'] }, idempotency: true },
  operationId: 'mergeCustomers',
  summary: 'Merge another profile of the same person into this one, keeping every interaction',
  tag: 'Customers',
  auth: ['agent', 'supervisor'],
  params: contract.CustomerPath,
  body: contract.MergeCustomersRequest,
  idempotent: true,
  success: { status: 200, description: 'The merged profile', schema: contract.Customer },
  errors: [400, 404, 409, 415, 422],
} as const satisfies RouteDefinition;

export const requestErasure = {
  method: 'POST',
  path: '/customers/{customerId}/erasure',
  function: 'requestErasure',
  // The profile and an earlier request (GetItem), the new request with its event (PutItem), the
  // HMAC key its id is made with. The erasure itself is the erasure worker's (functions.ts).
  access: { data: { actions: ['GetItem', 'PutItem'] }, idempotency: true, erasureKey: true },
  operationId: 'requestErasure',
  summary: 'Erase a customer (GDPR art. 17): done off the request path within a month; a second request returns the first',
  tag: 'Privacy',
  auth: ['customer', 'supervisor'],
  params: contract.CustomerPath,
  idempotent: true,
  success: {
    status: 202,
    description: 'Accepted (or the request made before for the same customer): follow it at GET /erasure-requests/{requestId}',
    schema: contract.ErasureRequest,
  },
  errors: [400, 404, 409, 415, 422],
} as const satisfies RouteDefinition;

export const getErasureRequest = {
  method: 'GET',
  path: '/erasure-requests/{requestId}',
  function: 'getErasureRequest',
  // The record; the key, so a customer sees only the request about them.
  access: { data: { actions: ['GetItem'] }, erasureKey: true },
  operationId: 'getErasureRequest',
  summary: 'Where an erasure stands, with its counts per kind of record',
  tag: 'Privacy',
  auth: ['customer', 'supervisor'],
  params: contract.ErasureRequestPath,
  success: { status: 200, description: 'The erasure request', schema: contract.ErasureRequest },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const exportCustomer = {
  method: 'GET',
  path: '/customers/{customerId}/export',
  function: 'exportCustomer',
  // The profile (GetItem), a page of its timeline (its interactions: Query of its partition; the rest:
  // byCustomer), the self-care sessions handed over to its cases (byCase).
  access: { data: { actions: ['GetItem', 'Query'], indexes: ['byCustomer', 'byCase'] } },
  operationId: 'exportCustomer',
  summary: 'Everything recorded about a customer (GDPR art. 15 and 20), as JSON, 200 records a page',
  tag: 'Privacy',
  auth: ['customer', 'supervisor'],
  params: contract.CustomerPath,
  query: contract.ExportQuery,
  success: { status: 200, description: 'One page of the export', schema: contract.CustomerExport, tie: 'fits' },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const openCase = {
  method: 'POST',
  path: '/cases',
  function: 'openCase',
  access: { data: { actions: ['GetItem', 'PutItem'] }, idempotency: true, sla: true },
  operationId: 'openCase',
  summary: 'Open a case for a customer',
  tag: 'Cases',
  auth: everyone,
  body: contract.OpenCaseRequest,
  idempotent: true,
  success: { status: 201, description: 'Opened', schema: contract.Case },
  errors: [400, 415, 422],
} as const satisfies RouteDefinition;

export const listCases = {
  method: 'GET',
  path: '/cases',
  function: 'listCases',
  // One status's case list (a Query of the caseLists index, filtered): no GetItem, no write.
  access: { data: { actions: [], indexes: ['caseLists'] } },
  operationId: 'listCases',
  summary: 'The cases in one status, most recently changed first, by queue, assignee (me, none, an id) and priority (the agent desktop’s case list)',
  tag: 'Cases',
  auth: ['agent', 'supervisor'],
  query: contract.CaseListQuery,
  success: { status: 200, description: 'One page of cases', schema: contract.CasePage },
  errors: [400],
} as const satisfies RouteDefinition;

export const getCase = {
  method: 'GET',
  path: '/cases/{caseId}',
  function: 'getCase',
  access: { data: { actions: ['GetItem'] } },
  operationId: 'getCase',
  summary: 'A case',
  tag: 'Cases',
  auth: everyone,
  params: contract.CasePath,
  success: { status: 200, description: 'The case', schema: contract.Case },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const updateCase = {
  method: 'PATCH',
  path: '/cases/{caseId}',
  function: 'updateCase',
  access: { data: { actions: ['GetItem', 'PutItem'] }, sla: true },
  operationId: 'updateCase',
  summary: 'Change status (pend, resolve, close, reopen), priority, assignee or subject',
  tag: 'Cases',
  auth: everyone,
  params: contract.CasePath,
  body: contract.UpdateCaseRequest,
  success: { status: 200, description: 'The updated case', schema: contract.Case },
  errors: [400, 404, 409, 415],
} as const satisfies RouteDefinition;

export const getCaseContext = {
  method: 'GET',
  path: '/cases/{caseId}/context',
  function: 'getCaseContext',
  // The customer's recent interactions are a Query of their partition (and, for those stored before, of byCustomer).
  access: { data: { actions: ['GetItem', 'Query'], indexes: ['byCase', 'byCustomer', 'worklists'] } },
  operationId: 'getCaseContext',
  summary: 'The handoff view: the case, the customer and what they said on every channel',
  tag: 'Cases',
  auth: staff,
  params: contract.CasePath,
  success: { status: 200, description: 'The context', schema: contract.CaseContext },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const escalateCase = {
  method: 'POST',
  path: '/cases/{caseId}/escalations',
  function: 'escalateCase',
  access: {
    data: { actions: ['GetItem', 'PutItem'] },
    idempotency: true,
    routing: true,
  },
  operationId: 'escalateCase',
  summary: 'Escalate a case to a tier or skill: it is queued, and a worker assigns it to the team',
  tag: 'Escalations',
  auth: staff,
  params: contract.CasePath,
  body: contract.EscalateRequest,
  idempotent: true,
  success: { status: 202, description: 'Queued for assignment', schema: contract.Escalation },
  errors: [400, 404, 409, 415],
} as const satisfies RouteDefinition;

export const getQueues = {
  method: 'GET',
  path: '/queues',
  function: 'getQueues',
  access: {
    data: { actions: ['Query'], indexes: ['worklists'] },
    routing: true,
    // The depth of each escalation queue (GET /queues shows them all).
    queueStatus: escalationQueues,
  },
  operationId: 'getQueues',
  summary: 'Live status of the escalation queues: depth, oldest wait, recent throughput and an estimated wait (cached for up to 60 s)',
  tag: 'Escalations',
  auth: everyone,
  success: { status: 200, description: 'One entry per queue', schema: contract.QueueStatuses },
  errors: [],
} as const satisfies RouteDefinition;

export const getPreferences = {
  method: 'GET',
  path: '/customers/{customerId}/preferences',
  function: 'getPreferences',
  access: { data: { actions: ['GetItem'] } },
  operationId: 'getPreferences',
  summary: 'Consent per channel, preferred channel, language and quiet hours for proactive messages',
  tag: 'Notifications',
  auth: everyone,
  params: contract.CustomerPath,
  success: { status: 200, description: 'The preferences (no consent anywhere until given)', schema: contract.PreferencesView },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const putPreferences = {
  method: 'PUT',
  path: '/customers/{customerId}/preferences',
  function: 'putPreferences',
  access: { data: { actions: ['GetItem', 'PutItem'] } },
  operationId: 'putPreferences',
  summary: 'Replace the preferences: nothing proactive is sent on a channel without consent',
  tag: 'Notifications',
  auth: everyone,
  params: contract.CustomerPath,
  body: contract.Preferences,
  success: { status: 200, description: 'The stored preferences', schema: contract.PreferencesView, tie: 'fits' },
  errors: [400, 404, 409, 415],
} as const satisfies RouteDefinition;

export const declareIncident = {
  method: 'POST',
  path: '/incidents',
  function: 'declareIncident',
  access: { data: { actions: ['PutItem'] }, idempotency: true },
  operationId: 'declareIncident',
  summary: 'Declare an incident: every affected customer who consented is told, once',
  tag: 'Incidents',
  auth: ['supervisor'],
  body: contract.DeclareIncidentRequest,
  idempotent: true,
  success: { status: 201, description: 'Declared; the notifications fan out in the background', schema: contract.Incident, tie: 'fits' },
  errors: [400, 415],
} as const satisfies RouteDefinition;

export const listIncidents = {
  method: 'GET',
  path: '/incidents',
  function: 'listIncidents',
  access: {
    data: { actions: ['GetItem'], indexes: ['worklists'] },
  },
  operationId: 'listIncidents',
  summary:
    'The active incidents, newest first: staff see all of them, a customer those affecting their own segments; `segment` keeps those affecting one segment',
  tag: 'Incidents',
  auth: everyone,
  query: contract.ListIncidentsQuery,
  success: { status: 200, description: 'One page of active incidents', schema: contract.IncidentList },
  errors: [400],
} as const satisfies RouteDefinition;

export const updateIncident = {
  method: 'PATCH',
  path: '/incidents/{incidentId}',
  function: 'updateIncident',
  access: { data: { actions: ['GetItem', 'PutItem'] } },
  operationId: 'updateIncident',
  summary: 'Update or resolve an incident: the same audience is told again',
  tag: 'Incidents',
  auth: ['supervisor'],
  params: contract.IncidentPath,
  body: contract.UpdateIncidentRequest,
  success: { status: 200, description: 'The new revision', schema: contract.Incident, tie: 'fits' },
  errors: [400, 404, 409, 415],
} as const satisfies RouteDefinition;

export const getIncident = {
  method: 'GET',
  path: '/incidents/{incidentId}',
  function: 'getIncident',
  access: { data: { actions: ['GetItem', 'Query'] } },
  operationId: 'getIncident',
  summary: 'An incident with its delivery counts and the contacts received during it',
  tag: 'Incidents',
  auth: staff,
  params: contract.IncidentPath,
  success: { status: 200, description: 'The incident', schema: contract.Incident, tie: 'fits' },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const requestCallback = {
  method: 'POST',
  path: '/callbacks',
  function: 'requestCallback',
  access: {
    data: { actions: ['GetItem', 'PutItem', 'Query'] },
    idempotency: true,
    sla: true,
    callbacks: true,
    // The callback queue's depth: the wait it estimates for the caller.
    queueStatus: ['callbacks'],
  },
  operationId: 'requestCallback',
  summary: 'The SOS button: be called back asap or in a window (one open callback per customer: a second request returns the first, with 200)',
  tag: 'Callbacks',
  auth: everyone,
  body: contract.RequestCallbackRequest,
  idempotent: true,
  success: { status: 201, description: 'Requested, with the estimated wait', schema: contract.Callback, tie: 'fits' },
  alsoSuccess: [{ status: 200, description: 'The customer already has an open callback: that one, unchanged (nothing new is requested)' }],
  errors: [400, 409, 415, 422],
} as const satisfies RouteDefinition;

export const listCallbacks = {
  method: 'GET',
  path: '/customers/{customerId}/callbacks',
  function: 'listCallbacks',
  access: { data: { actions: ['GetItem'], indexes: ['byCase'] } },
  operationId: 'listCustomerCallbacks',
  summary: "A customer's callbacks, newest first, paged like the timeline",
  tag: 'Callbacks',
  auth: everyone,
  params: contract.CustomerPath,
  query: contract.TimelineQuery,
  success: { status: 200, description: 'One page of callbacks', schema: contract.CallbackPage, tie: 'fits' },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const getCallback = {
  method: 'GET',
  path: '/callbacks/{callbackId}',
  function: 'getCallback',
  access: { data: { actions: ['GetItem'] } },
  operationId: 'getCallback',
  summary: 'A callback and every step so far',
  tag: 'Callbacks',
  auth: everyone,
  params: contract.CallbackPath,
  success: { status: 200, description: 'The callback', schema: contract.Callback, tie: 'fits' },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const cancelCallback = {
  method: 'DELETE',
  path: '/callbacks/{callbackId}',
  function: 'cancelCallback',
  access: { data: { actions: ['GetItem', 'PutItem', 'DeleteItem'] } },
  operationId: 'cancelCallback',
  summary: 'Cancel an open callback',
  tag: 'Callbacks',
  auth: everyone,
  params: contract.CallbackPath,
  success: { status: 200, description: 'Cancelled', schema: contract.Callback, tie: 'fits' },
  errors: [400, 404, 409],
} as const satisfies RouteDefinition;

export const recordCallbackOutcome = {
  method: 'POST',
  path: '/callbacks/{callbackId}/outcome',
  function: 'recordCallbackOutcome',
  access: {
    data: { actions: ['GetItem', 'PutItem', 'DeleteItem', 'UpdateItem'] },
    idempotency: true,
    sla: true,
    callbacks: true,
  },
  operationId: 'recordCallbackOutcome',
  summary: "Telephony reports a call's outcome: completed, or no answer (called again, up to the client's attempts, then failed)",
  tag: 'Callbacks',
  auth: ['integration', 'supervisor'],
  params: contract.CallbackPath,
  body: contract.CallbackOutcomeRequest,
  // Telephony retries on timeouts: a retry must replay the answer, not meet a 409.
  idempotent: true,
  success: { status: 200, description: 'The callback after the outcome', schema: contract.Callback, tie: 'fits' },
  errors: [400, 404, 409, 415],
} as const satisfies RouteDefinition;

// Knowledge base and self-care search (functions/use-cases/knowledge.ts).
export const createArticle = {
  method: 'POST',
  path: '/articles',
  function: 'createArticle',
  access: { data: { actions: ['GetItem', 'PutItem'] }, idempotency: true, knowledge: true },
  operationId: 'createArticle',
  summary: 'Write a knowledge-base article: a draft, private until a supervisor publishes it',
  tag: 'Knowledge',
  auth: ['agent', 'supervisor'],
  body: contract.CreateArticleRequest,
  idempotent: true,
  success: { status: 201, description: 'The draft', schema: contract.Article },
  errors: [400, 415, 422],
} as const satisfies RouteDefinition;

export const listArticles = {
  method: 'GET',
  path: '/articles',
  function: 'listArticles',
  access: { data: { actions: [], indexes: ['worklists'] }, knowledge: true },
  operationId: 'listArticles',
  summary: "A locale's published articles, most recently changed first (no token needed); `tag` keeps those carrying it",
  tag: 'Knowledge',
  auth: 'public',
  query: contract.PublicArticleListQuery,
  success: { status: 200, description: 'One page of published articles', schema: contract.ArticlePage },
  errors: [400],
} as const satisfies RouteDefinition;

export const getArticle = {
  method: 'GET',
  path: '/articles/{articleId}',
  function: 'getArticle',
  access: { data: { actions: ['GetItem'] } },
  operationId: 'getArticle',
  summary: 'A published article (no token needed); a draft or an archived article is not found',
  tag: 'Knowledge',
  auth: 'public',
  params: contract.ArticlePath,
  success: { status: 200, description: 'The article', schema: contract.Article },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const listStaffArticles = {
  method: 'GET',
  path: '/staff/articles',
  function: 'listStaffArticles',
  access: { data: { actions: [], indexes: ['worklists'] }, knowledge: true },
  operationId: 'listStaffArticles',
  summary: "A locale's articles in any status (drafts, published, archived), most recently changed first",
  tag: 'Knowledge',
  auth: staff,
  query: contract.ArticleListQuery,
  success: { status: 200, description: 'One page of articles', schema: contract.ArticlePage },
  errors: [400],
} as const satisfies RouteDefinition;

export const getStaffArticle = {
  method: 'GET',
  path: '/staff/articles/{articleId}',
  function: 'getStaffArticle',
  access: { data: { actions: ['GetItem'] } },
  operationId: 'getStaffArticle',
  summary: 'An article in any status, for staff',
  tag: 'Knowledge',
  auth: staff,
  params: contract.ArticlePath,
  success: { status: 200, description: 'The article', schema: contract.Article },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const updateArticle = {
  method: 'PATCH',
  path: '/articles/{articleId}',
  function: 'updateArticle',
  access: { data: { actions: ['GetItem', 'PutItem'] } },
  operationId: 'updateArticle',
  summary: 'Edit an article (send the `revision` you read): editing a published article publishes a new version',
  tag: 'Knowledge',
  auth: ['agent', 'supervisor'],
  params: contract.ArticlePath,
  body: contract.UpdateArticleRequest,
  success: { status: 200, description: 'The article after the change', schema: contract.Article },
  errors: [400, 404, 409, 415],
} as const satisfies RouteDefinition;

export const publishArticle = {
  method: 'POST',
  path: '/articles/{articleId}/publish',
  function: 'publishArticle',
  access: { data: { actions: ['GetItem', 'PutItem'] } },
  operationId: 'publishArticle',
  summary: 'Publish a draft: public, searchable once its locale is re-indexed (ArticlePublished)',
  tag: 'Knowledge',
  auth: ['supervisor'],
  params: contract.ArticlePath,
  success: { status: 200, description: 'The published article', schema: contract.Article },
  errors: [400, 404, 409],
} as const satisfies RouteDefinition;

export const archiveArticle = {
  method: 'POST',
  path: '/articles/{articleId}/archive',
  function: 'archiveArticle',
  access: { data: { actions: ['GetItem', 'PutItem'] } },
  operationId: 'archiveArticle',
  summary: 'Archive an article: no longer public, gone from the search once its locale is re-indexed (ArticleArchived)',
  tag: 'Knowledge',
  auth: ['supervisor'],
  params: contract.ArticlePath,
  success: { status: 200, description: 'The archived article', schema: contract.Article },
  errors: [400, 404, 409],
} as const satisfies RouteDefinition;

export const draftArticleFromCase = {
  method: 'POST',
  path: '/cases/{caseId}/article-draft',
  function: 'draftArticleFromCase',
  access: { data: { actions: ['GetItem', 'PutItem'], indexes: ['byCase'] }, idempotency: true, knowledge: true },
  operationId: 'draftArticleFromCase',
  summary: 'Turn a resolved case into a draft article: its subject, the resolution steps the agent writes, tags from the intents its contacts showed',
  tag: 'Knowledge',
  auth: ['agent', 'supervisor'],
  params: contract.CasePath,
  body: contract.ArticleDraftRequest,
  idempotent: true,
  success: { status: 201, description: 'The draft, linked to the case', schema: contract.Article },
  errors: [400, 404, 409, 415],
} as const satisfies RouteDefinition;

export const searchArticles = {
  method: 'GET',
  path: '/selfcare/search',
  function: 'searchArticles',
  // The locale's index pointer (GetItem) and, when it changed, its chunks (one Query of its
  // partition); with a session, the session (GetItem) and the search recorded on it with the
  // report's counters (a transaction: the session's PutItem, UpdateItem ADDs; GetItem of a
  // no-result query's counter).
  access: { data: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] }, knowledge: true, selfcare: true },
  operationId: 'searchArticles',
  summary: 'Search the published articles as customers type (no token needed): accents, plurals, prefixes and typos forgiven, best first',
  tag: 'Knowledge',
  auth: 'public',
  query: contract.SearchQuery,
  success: { status: 200, description: 'The best matches (none is a valid answer)', schema: contract.SearchResponse },
  // 404: the session given does not exist (or expired); 409: it kept changing under the search.
  errors: [400, 404, 409],
} as const satisfies RouteDefinition;

// Self-care: guided flows, sessions and the handover (functions/contracts/selfcare.ts).
export const createFlow = {
  method: 'POST',
  path: '/flows',
  function: 'createFlow',
  access: { data: { actions: ['PutItem'] } },
  operationId: 'createFlow',
  summary: 'Publish a guided troubleshooting flow: a decision tree of steps whose answers lead to a step, an article, solved or talk to someone',
  tag: 'Self-care',
  auth: ['supervisor'],
  body: contract.CreateFlowRequest,
  success: { status: 201, description: 'Stored', schema: contract.Flow },
  errors: [400, 409, 413, 415],
} as const satisfies RouteDefinition;

export const getFlow = {
  method: 'GET',
  path: '/flows/{flowId}',
  function: 'getFlow',
  access: { data: { actions: ['GetItem'] } },
  operationId: 'getFlow',
  summary: 'A guided troubleshooting flow, for the self-care site',
  tag: 'Self-care',
  auth: 'public',
  params: contract.FlowPath,
  success: { status: 200, description: 'The flow', schema: contract.Flow },
  errors: [400, 404],
} as const satisfies RouteDefinition;

export const createSelfcareSession = {
  method: 'POST',
  path: '/selfcare/sessions',
  function: 'createSelfcareSession',
  access: { data: { actions: ['PutItem'] }, selfcare: true },
  operationId: 'createSelfcareSession',
  summary: 'Start an anonymous self-care session (its id is 128 random bits: the only key to it)',
  tag: 'Self-care',
  auth: 'public',
  success: { status: 201, description: 'Started', schema: contract.SelfcareSessionCreated },
  errors: [],
} as const satisfies RouteDefinition;

export const recordSelfcareEvent = {
  method: 'POST',
  path: '/selfcare/sessions/{sessionId}/events',
  function: 'recordSelfcareEvent',
  // The article and the session (GetItem), written with the self-care report's counters in one
  // transaction (PutItem of the session, UpdateItem ADDs); `knowledge` for the default language.
  access: { data: { actions: ['GetItem', 'PutItem', 'UpdateItem'] }, selfcare: true, knowledge: true },
  operationId: 'recordSelfcareEvent',
  summary: 'Record an article viewed, or a vote on it (helpful or not, with a reason; one vote per article per session)',
  tag: 'Self-care',
  auth: 'public',
  params: contract.SessionPath,
  body: contract.SessionEventRequest,
  success: { status: 201, description: 'Recorded on the session', schema: contract.SessionSummary },
  errors: [400, 404, 409, 413, 415, 422],
} as const satisfies RouteDefinition;

export const answerSelfcareStep = {
  method: 'POST',
  path: '/selfcare/sessions/{sessionId}/steps',
  function: 'answerSelfcareStep',
  // The session (GetItem), written with the self-care report's counters in one transaction
  // (PutItem of the session, UpdateItem ADDs); `knowledge` for the default language.
  access: { data: { actions: ['GetItem', 'PutItem', 'UpdateItem'] }, selfcare: true, knowledge: true },
  operationId: 'answerSelfcareStep',
  summary: 'Answer the current step of a flow: the answer is recorded and the next step, article or outcome returned',
  tag: 'Self-care',
  auth: 'public',
  params: contract.SessionPath,
  body: contract.StepRequest,
  success: { status: 200, description: 'Where the answer leads', schema: contract.StepResult },
  errors: [400, 404, 409, 413, 415, 422],
} as const satisfies RouteDefinition;

export const identifySelfcareSession = {
  method: 'POST',
  path: '/selfcare/sessions/{sessionId}/identify',
  function: 'identifySelfcareSession',
  // The session, the customer's profile (created for a signed-in customer who has none yet, with
  // PutItem), the web_selfcare contact.
  access: { data: { actions: ['GetItem', 'PutItem'] } },
  operationId: 'identifySelfcareSession',
  summary: 'A signed-in customer claims their session: bound to their profile, a web_selfcare contact on their timeline',
  tag: 'Self-care',
  auth: ['customer'],
  params: contract.SessionPath,
  success: { status: 200, description: 'The session, now the customer’s', schema: contract.IdentifiedSession },
  errors: [400, 404, 409, 422],
} as const satisfies RouteDefinition;

export const handoverSelfcareSession = {
  method: 'POST',
  path: '/selfcare/sessions/{sessionId}/handover',
  function: 'handoverSelfcareSession',
  access: {
    // The session, the identity owners (BatchGetItem), a new profile or case, the contact, the
    // callback and its open slot, the customer's open cases (their timeline: byCustomer, and their
    // partition for its interactions, Query), the contact an earlier attempt left on the case
    // (byCase); the handover counted in the self-care report with the session's write (UpdateItem).
    data: { actions: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'Query'], indexes: ['byCustomer', 'byCase'] },
    knowledge: true,
    idempotency: true,
    sla: true,
    callbacks: true,
    selfcare: true,
    // The callback queue's depth: the wait estimated for a callback handover.
    queueStatus: ['callbacks'],
  },
  operationId: 'handoverSelfcareSession',
  summary: 'Hand the session over to a human (chat, callback, email): a case opened or reused with the whole session attached',
  tag: 'Self-care',
  auth: 'public',
  params: contract.SessionPath,
  body: contract.HandoverRequest,
  idempotent: true,
  success: { status: 201, description: 'Handed over', schema: contract.HandoverResult, tie: 'fits' },
  errors: [400, 404, 409, 413, 415, 422],
} as const satisfies RouteDefinition;

// Surveys (functions/use-cases/surveys.ts): the link's page and answer are public, the token is the key.
export const getSurvey = {
  method: 'GET',
  path: '/surveys/{token}',
  function: 'getSurvey',
  // The token's hash, then its survey: reads only (mail scanners open links).
  access: { data: { actions: ['GetItem'] } },
  operationId: 'getSurvey',
  summary: "A survey link's questions, in the customer's language (no token needed: the link's token is the key; records nothing)",
  tag: 'Surveys',
  auth: 'public',
  params: contract.SurveyTokenPath,
  success: { status: 200, description: 'The questions', schema: contract.SurveyPage },
  errors: [400, 404, 409, 410],
} as const satisfies RouteDefinition;

export const answerSurvey = {
  method: 'POST',
  path: '/surveys/{token}/responses',
  function: 'answerSurvey',
  // The token's hash, the survey and its case (GetItem); the answer and a detractor's item in one transaction (PutItem).
  access: { data: { actions: ['GetItem', 'PutItem'] }, surveys: true },
  operationId: 'answerSurvey',
  summary: 'Answer a survey from its link, once: the scores asked, and a comment if offered',
  tag: 'Surveys',
  auth: 'public',
  params: contract.SurveyTokenPath,
  body: contract.SurveyResponseRequest,
  success: { status: 201, description: 'Recorded', schema: contract.SurveyResponseResult },
  errors: [400, 404, 409, 410, 413, 415, 422],
} as const satisfies RouteDefinition;

export const recordSurveyResponse = {
  method: 'POST',
  path: '/cases/{caseId}/survey-responses',
  function: 'recordSurveyResponse',
  // The case, its surveys (byCase), the customer (GetItem); a survey asked inline (PutItem, with
  // the fatigue slot) and the answer (PutItem, in transactions); `knowledge` for the default language.
  access: { data: { actions: ['GetItem', 'PutItem'], indexes: ['byCase'] }, surveys: true, knowledge: true, idempotency: true },
  operationId: 'recordSurveyResponse',
  summary: "An integration relays an answer given in a channel (an SMS reply, IVR keys): the case's survey is answered, once, under the fatigue rule",
  tag: 'Surveys',
  auth: ['integration'],
  params: contract.CasePath,
  body: contract.InChannelSurveyResponseRequest,
  // A telephony or SMS platform retries on timeouts: the retry replays the answer instead of a 409.
  idempotent: true,
  success: { status: 201, description: 'Recorded', schema: contract.SurveyResponseResult },
  errors: [400, 404, 409, 410, 413, 415, 422],
} as const satisfies RouteDefinition;

// Reports (functions/contracts/reports.ts).
export const getSelfcareReport = {
  method: 'GET',
  path: '/reports/selfcare',
  function: 'getSelfcareReport',
  // One Query per day of the range (the day's counter partition); `knowledge` for the languages.
  access: { data: { actions: ['Query'] }, knowledge: true },
  operationId: 'getSelfcareReport',
  summary: 'The self-care report of a locale over days: sessions, searches, no-result queries, handovers, containment rate, article views and votes',
  tag: 'Reports',
  auth: ['supervisor'],
  query: contract.SelfcareReportQuery,
  success: { status: 200, description: 'The figures of the range', schema: contract.SelfcareReport },
  errors: [400],
} as const satisfies RouteDefinition;

// KPIs and weak signals (functions/contracts/kpis.ts, docs/kpis.md).
export const getKpis = {
  method: 'GET',
  path: '/kpis',
  function: 'getKpis',
  // One Query per dimension over its day items, the self-care report's day partitions (Query), the
  // incidents declared in the period (worklists) and their delivery counters (Query of their shards).
  access: { data: { actions: ['Query'], indexes: ['worklists'] }, kpis: true, knowledge: true },
  operationId: 'getKpis',
  summary:
    'The KPIs of a period of days: service level, first response and resolution times, first-contact resolution, repeat contacts, channels, self-care containment, incident deflection, CSAT, CES, preference, NPS, callbacks kept',
  tag: 'Reports',
  auth: ['supervisor'],
  query: contract.KpiQuery,
  success: { status: 200, description: 'The totals of the period and its groups', schema: contract.KpiReport },
  errors: [400],
} as const satisfies RouteDefinition;

export const listSurges = {
  method: 'GET',
  path: '/surges',
  function: 'listSurges',
  access: { data: { actions: [], indexes: ['worklists'] } },
  operationId: 'listSurges',
  summary: 'The surges of contacts per intent × segment (weak signals), newest first, with the incident each suggests',
  tag: 'Reports',
  auth: ['supervisor'],
  query: contract.ListSurgesQuery,
  success: { status: 200, description: 'One page of surges', schema: contract.SurgeList },
  errors: [400],
} as const satisfies RouteDefinition;

export const declareIncidentFromSurge = {
  method: 'POST',
  path: '/surges/{surgeId}/incident',
  function: 'declareIncidentFromSurge',
  // The surge (GetItem), the incident with its event (PutItem), the surge marked (UpdateItem).
  access: { data: { actions: ['GetItem', 'PutItem', 'UpdateItem'] }, idempotency: true },
  operationId: 'declareIncidentFromSurge',
  summary: "Declare the incident a surge suggests, in one call: its segment and title (or the supervisor's), with the severity and messages given",
  tag: 'Incidents',
  auth: ['supervisor'],
  params: contract.SurgeParams,
  body: contract.DeclareIncidentFromSurgeRequest,
  idempotent: true,
  success: { status: 201, description: 'Declared; the notifications fan out in the background', schema: contract.Incident, tie: 'fits' },
  errors: [400, 404, 409, 415],
} as const satisfies RouteDefinition;

export const routes = [
  health,
  openapi,
  recordInteraction,
  recordInteractionBatch,
  findCustomer,
  getCustomer,
  updateCustomer,
  getTimeline,
  mergeCustomers,
  requestErasure,
  getErasureRequest,
  exportCustomer,
  openCase,
  listCases,
  getCase,
  updateCase,
  getCaseContext,
  escalateCase,
  getQueues,
  getPreferences,
  putPreferences,
  declareIncident,
  listIncidents,
  updateIncident,
  getIncident,
  requestCallback,
  listCallbacks,
  getCallback,
  cancelCallback,
  recordCallbackOutcome,
  createArticle,
  listArticles,
  getArticle,
  listStaffArticles,
  getStaffArticle,
  updateArticle,
  publishArticle,
  archiveArticle,
  draftArticleFromCase,
  searchArticles,
  createFlow,
  getFlow,
  createSelfcareSession,
  recordSelfcareEvent,
  answerSelfcareStep,
  identifySelfcareSession,
  handoverSelfcareSession,
  getSurvey,
  answerSurvey,
  recordSurveyResponse,
  getSelfcareReport,
  getKpis,
  listSurges,
  declareIncidentFromSurge,
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof routes)[number];
export type RouteKey = `${Route['method']} ${Route['path']}`;

/** Every success status a route answers with: `success.status` first, then `alsoSuccess`. */
export function successStatuses(route: Pick<RouteDefinition, 'success' | 'alsoSuccess'>): SuccessStatus[] {
  return [route.success.status, ...(route.alsoSuccess ?? []).map((also) => also.status)];
}

export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

export function findRoute(key: string): RouteDefinition | undefined {
  return (routes as readonly RouteDefinition[]).find((route) => routeKey(route) === key);
}
