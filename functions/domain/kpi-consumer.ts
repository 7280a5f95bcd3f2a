import type { Priority } from './cases';
import type { Channel } from './channels';
import type { SegmentAttribute } from './customers';
import { type EscalationQueue, escalationQueues } from './escalations';
import { type EventData, type EventMetadata, events } from './events';
import type { Intent } from './text-analysis';
import type { SlaTargetName } from './sla';
import { dayIn, type KpiDimensions, type KpiIncrement, suppressedCounter } from './kpi-counters';
import { contactChannelOf } from './notifications';
import type { KpiRules } from './kpi-rules';
import { surveyAnswerCounts } from './kpi-surveys';
import { surgeBucketOf } from './surges';

/**
 * What each event adds to the KPI counters, pure: given the event and what the consumer keeps of
 * the cases, customers and callbacks it concerns (its own projections, built from the same
 * events), the increments per day and dimension and the projections after it. The KPI consumer
 * (functions/use-cases/kpis.ts) writes them in one transaction with the event's id; the backfill
 * and the bench's brute-force recomputation run the same function.
 */

/** The events the KPI consumer reads (its bus rule matches these). */
export const kpiEvents = [
  'InteractionRecorded',
  'CaseOpened',
  'CaseUpdated',
  'EscalationRequested',
  'EscalationAssigned',
  'SlaBreached',
  'CallbackRequested',
  'CallbackUpdated',
  'IncidentDeclared',
  'SurveyOffered',
  'SurveyAnswered',
  'NotificationSent',
  'NotificationSuppressed',
] as const;
export type KpiEventName = (typeof kpiEvents)[number];
/** The counted events' definitions, for reading them off the bus (the KPI worker, the backfill). */
export const countedEvents = kpiEvents.map((name) => events[name]);

export type KpiEvent = { [N in KpiEventName]: { name: N; data: EventData<N>; metadata: EventMetadata } }[KpiEventName];

/** What the consumer keeps of a case: where it stands, for the dimensions and durations of its later events. */
export interface CaseProjection {
  caseId: string;
  customerId?: string;
  openedAt?: string;
  priority?: Priority;
  channel?: Channel;
  queue?: EscalationQueue;
  team?: string;
  /** The customer's contacts on the case (inbound interactions). */
  inboundContacts: number;
  firstResponseAt?: string;
  resolvedAt?: string;
  breached: SlaTargetName[];
  escalation?: { escalationId: string; requestedAt: string; queue: EscalationQueue; priority: Priority };
  version: number;
}

/** A customer's recent resolutions: a contact within the window after one is a repeat contact and breaks its first-contact resolution. */
export interface CustomerResolutions {
  customerId: string;
  resolutions: { caseId: string; resolvedAt: string; day: string; dimensions: KpiDimensions; candidate: boolean; broken: boolean }[];
  version: number;
}

export interface CallbackProjection {
  callbackId: string;
  /** The end of the window the customer was given: completed by then, the callback was kept. */
  promisedBy: string;
  version: number;
}

/** A projection's name: its kind and id (`case|cas_…`), for the projections a batch of events reads and writes. */
export type ProjectionKind = 'case' | 'customer' | 'callback';
export type ProjectionKey = `${ProjectionKind}|${string}`;
export const projectionKey = (kind: ProjectionKind, id: string): ProjectionKey => `${kind}|${id}`;

/** The projections an event reads, by key (what stateKeysOf names). */
export function projectionKeysOf(event: KpiEvent): ProjectionKey[] {
  const { caseId, customerId, callbackId } = stateKeysOf(event);
  return [
    ...(caseId ? [projectionKey('case', caseId)] : []),
    ...(customerId ? [projectionKey('customer', customerId)] : []),
    ...(callbackId ? [projectionKey('callback', callbackId)] : []),
  ];
}

/** The projections one event reads (absent: none yet). */
export interface KpiState {
  case?: CaseProjection;
  customer?: CustomerResolutions;
  callback?: CallbackProjection;
}

/** What an event changes: counter increments, projections to write (with the version they replace), and the follow-ups. */
export interface KpiEffects {
  increments: KpiIncrement[];
  case?: CaseProjection;
  customer?: CustomerResolutions;
  callback?: CallbackProjection;
  /** An incident declared: its day, for the deflection read. */
  incidentDeclared?: { incidentId: string; day: string };
  /** A customer who contacted during these incidents (counted once per incident and customer). */
  incidentContact?: { incidentIds: string[]; customerId: string };
  /** Contacts per intent × segment value, per 15-minute bucket (weak signals). */
  surgeObservations: SurgeObservation[];
}

export interface SurgeObservation {
  intent: Intent;
  attribute: SegmentAttribute;
  value: string;
  /** The bucket's start (ISO, UTC, on a quarter hour). */
  bucket: string;
}

/** Resolutions kept per customer: the window's, at most this many (the oldest drop out). */
const maxResolutionsPerCustomer = 10;

/** What a case needs to be known by when the consumer has not seen it yet. */
const emptyCase = (caseId: string): CaseProjection => ({ caseId, inboundContacts: 0, breached: [], version: 0 });

const isQueue = (value: string | undefined): value is EscalationQueue => value !== undefined && (escalationQueues as readonly string[]).includes(value);

/** The dimensions of what happens on a case: its channel, priority, queue and team as the consumer knows them. */
function caseDimensions(projection: CaseProjection | undefined): KpiDimensions {
  if (!projection) return {};
  return {
    ...(projection.channel ? { channel: projection.channel } : {}),
    ...(projection.priority ? { priority: projection.priority } : {}),
    ...(projection.queue ? { queue: projection.queue } : {}),
    ...(projection.team ? { team: projection.team } : {}),
  };
}

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

export function kpiEffects(event: KpiEvent, state: KpiState, rules: KpiRules): KpiEffects {
  const effects: KpiEffects = { increments: [], surgeObservations: [] };
  const windowMs = rules.fcrWindowDays * 86_400_000;
  const day = (at: string) => dayIn(rules.timezone, at);
  const add = (at: string, dimensions: KpiDimensions, increment: Omit<KpiIncrement, 'day' | 'dimensions'>) =>
    effects.increments.push({ day: day(at), dimensions, ...increment });
  const caseOf = (caseId: string) => structuredClone(state.case ?? emptyCase(caseId));
  const customerOf = (customerId: string): CustomerResolutions => structuredClone(state.customer ?? { customerId, resolutions: [], version: 0 });

  /** Breaks the first-contact resolution of the customer's resolutions (all, or one case's) that `at` falls within the window of. */
  const breakResolutions = (customer: CustomerResolutions, at: string, caseId?: string): boolean => {
    let within = false;
    for (const resolution of customer.resolutions) {
      if (caseId && resolution.caseId !== caseId) continue;
      const after = Date.parse(at) - Date.parse(resolution.resolvedAt);
      if (after <= 0 || after > windowMs) continue;
      within = true;
      if (resolution.broken) continue;
      resolution.broken = true;
      if (resolution.candidate) effects.increments.push({ day: resolution.day, dimensions: resolution.dimensions, add: { fcrBroken: 1 } });
    }
    return within;
  };

  switch (event.name) {
    case 'InteractionRecorded': {
      const data = event.data;
      const projection = data.caseId ? caseOf(data.caseId) : undefined;
      if (projection && !projection.customerId) projection.customerId = data.customerId;
      if (data.direction === 'inbound') {
        const dimensions = { ...caseDimensions(projection), channel: data.channel };
        const customer = customerOf(data.customerId);
        const repeat = breakResolutions(customer, data.occurredAt);
        customer.resolutions = customer.resolutions.filter((r) => Date.parse(data.occurredAt) - Date.parse(r.resolvedAt) <= windowMs);
        if (state.customer || customer.resolutions.length > 0) effects.customer = customer;
        add(data.occurredAt, dimensions, {
          add: { contacts: 1, ...(repeat ? { repeatContacts: 1 } : {}), ...(data.incidentIds?.length ? { contactsDuringIncident: 1 } : {}) },
        });
        if (projection) {
          projection.inboundContacts += 1;
          effects.case = projection;
        }
        if (data.incidentIds?.length) effects.incidentContact = { incidentIds: data.incidentIds, customerId: data.customerId };
        const bucket = surgeBucketOf(data.occurredAt);
        for (const intent of data.intents ?? [])
          for (const [attribute, value] of Object.entries(data.segments ?? {}))
            if (value) effects.surgeObservations.push({ intent, attribute: attribute as SegmentAttribute, value, bucket });
      } else if (projection && !projection.firstResponseAt) {
        // The first reply from support on the case (later replies change nothing).
        projection.firstResponseAt = data.occurredAt;
        const met = !projection.breached.includes('firstResponse');
        add(data.occurredAt, caseDimensions(projection), {
          add: { firstResponses: 1, ...(met ? { slaFirstResponseMet: 1 } : {}) },
          ...(projection.openedAt ? { observe: { firstResponseTime: seconds(projection.openedAt, data.occurredAt) } } : {}),
        });
        effects.case = projection;
      } else if (projection) effects.case = projection;
      break;
    }
    case 'CaseOpened': {
      const data = event.data;
      const projection = caseOf(data.caseId);
      Object.assign(projection, {
        customerId: data.customerId,
        openedAt: event.metadata.occurredAt,
        priority: data.priority,
        ...(data.channel ? { channel: data.channel } : {}),
      });
      add(event.metadata.occurredAt, caseDimensions(projection), { add: { newCases: 1 } });
      effects.case = projection;
      break;
    }
    case 'CaseUpdated': {
      const data = event.data;
      const at = event.metadata.occurredAt;
      const projection = caseOf(data.caseId);
      projection.customerId ??= data.customerId;
      if (data.changes.priority) projection.priority = data.changes.priority.to;
      const status = data.changes.status;
      const done = (s: string | undefined) => s === 'resolved' || s === 'closed';
      const customer = customerOf(data.customerId);
      if (status && done(status.to) && !done(status.from)) {
        const dimensions = caseDimensions(projection);
        const candidate = projection.inboundContacts <= 1;
        const met = !projection.breached.includes('resolution');
        add(at, dimensions, {
          add: { resolutions: 1, ...(candidate ? { fcrCandidates: 1 } : {}), ...(met ? { slaResolutionMet: 1 } : {}) },
          ...(projection.openedAt ? { observe: { resolutionTime: seconds(projection.openedAt, at) } } : {}),
        });
        projection.resolvedAt = at;
        customer.resolutions = [
          ...customer.resolutions.filter((r) => r.caseId !== data.caseId && Date.parse(at) - Date.parse(r.resolvedAt) <= windowMs),
          { caseId: data.caseId, resolvedAt: at, day: day(at), dimensions, candidate, broken: false },
        ].slice(-maxResolutionsPerCustomer);
        effects.customer = customer;
      }
      if (data.reopened) {
        add(at, caseDimensions(projection), { add: { reopens: 1 } });
        if (breakResolutions(customer, at, data.caseId)) effects.customer = customer;
      }
      effects.case = projection;
      break;
    }
    case 'EscalationRequested': {
      const data = event.data;
      const projection = caseOf(data.caseId);
      projection.escalation = { escalationId: data.escalationId, requestedAt: event.metadata.occurredAt, queue: data.queue, priority: data.priority };
      projection.priority ??= data.priority;
      effects.case = projection;
      break;
    }
    case 'EscalationAssigned': {
      const data = event.data;
      const projection = caseOf(data.caseId);
      projection.queue = data.queue;
      projection.team = data.team;
      const requested = projection.escalation?.escalationId === data.escalationId ? projection.escalation : undefined;
      const dimensions = { ...caseDimensions(projection), ...(requested ? { priority: requested.priority } : {}) };
      if (requested) {
        const wait = seconds(requested.requestedAt, data.assignedAt);
        const inTime = wait <= rules.serviceLevelTargetSeconds[data.queue];
        add(data.assignedAt, dimensions, {
          add: { escalationsAssigned: 1, ...(inTime ? { serviceLevelMet: 1 } : { serviceLevelMissed: 1 }) },
          observe: { escalationWait: wait, ...(inTime ? {} : { serviceLevelMissWait: wait }) },
        });
      } else add(data.assignedAt, dimensions, { add: { escalationsAssigned: 1 } });
      effects.case = projection;
      break;
    }
    case 'SlaBreached': {
      const data = event.data;
      const projection = caseOf(data.caseId);
      const dimensions = { ...caseDimensions(projection), priority: data.priority };
      add(data.detectedAt, dimensions, {
        add: {
          ...(data.targets.includes('firstResponse') ? { slaFirstResponseBreached: 1 } : {}),
          ...(data.targets.includes('resolution') ? { slaResolutionBreached: 1 } : {}),
        },
      });
      projection.breached = [...new Set([...projection.breached, ...data.targets])];
      effects.case = projection;
      break;
    }
    case 'CallbackRequested': {
      const data = event.data;
      const promisedBy = data.windowEndsAt ?? new Date(Date.parse(data.dueAt) + rules.callbackWindowMinutes * 60_000).toISOString();
      add(event.metadata.occurredAt, {}, { add: { callbacksRequested: 1 } });
      effects.callback = { callbackId: data.callbackId, promisedBy, version: state.callback?.version ?? 0 };
      break;
    }
    case 'CallbackUpdated': {
      if (event.data.status !== 'completed') break;
      const at = event.metadata.occurredAt;
      const kept = state.callback !== undefined && Date.parse(at) <= Date.parse(state.callback.promisedBy);
      add(at, {}, { add: { callbacksCompleted: 1, ...(kept ? { callbacksKept: 1 } : {}) } });
      break;
    }
    case 'IncidentDeclared':
      add(event.metadata.occurredAt, {}, { add: { incidentsDeclared: 1 } });
      effects.incidentDeclared = { incidentId: event.data.incidentId, day: day(event.metadata.occurredAt) };
      break;
    case 'SurveyOffered':
      add(event.metadata.occurredAt, { channel: event.data.channel }, { add: { surveysOffered: 1 } });
      break;
    case 'SurveyAnswered': {
      const data = event.data;
      const dimensions: KpiDimensions = {
        channel: data.channel,
        ...(isQueue(data.queue) ? { queue: data.queue } : {}),
        ...(data.team ? { team: data.team } : {}),
        ...(data.priority ? { priority: data.priority } : {}),
      };
      add(event.metadata.occurredAt, dimensions, { add: surveyAnswerCounts(data.answers) });
      break;
    }
    case 'NotificationSent': {
      // A case notice counts in its case's queue, team and priority; the channel is the one it was sent on.
      const { channel: _opened, ...ofCase } = caseDimensions(state.case);
      add(event.metadata.occurredAt, { ...ofCase, channel: contactChannelOf(event.data.channel) }, { add: { notificationsSent: 1 } });
      break;
    }
    case 'NotificationSuppressed': {
      const { channel: _opened, ...ofCase } = caseDimensions(state.case);
      add(event.metadata.occurredAt, ofCase, { add: { notificationsSuppressed: 1, [suppressedCounter(event.data.suppressionReason)]: 1 } });
      break;
    }
  }
  return effects;
}

/** The projections an event reads: its case, its customer's resolutions, its callback. */
export function stateKeysOf(event: KpiEvent): { caseId?: string; customerId?: string; callbackId?: string } {
  switch (event.name) {
    case 'InteractionRecorded':
      return {
        ...(event.data.caseId ? { caseId: event.data.caseId } : {}),
        ...(event.data.direction === 'inbound' ? { customerId: event.data.customerId } : {}),
      };
    case 'CaseUpdated':
      return { caseId: event.data.caseId, customerId: event.data.customerId };
    case 'CaseOpened':
    case 'EscalationRequested':
    case 'EscalationAssigned':
    case 'SlaBreached':
      return { caseId: event.data.caseId };
    case 'CallbackRequested':
    case 'CallbackUpdated':
      return { callbackId: event.data.callbackId };
    case 'NotificationSent':
    case 'NotificationSuppressed':
      // Read, not written: a notice counts in its case's dimensions.
      return event.data.caseId ? { caseId: event.data.caseId } : {};
    default:
      return {};
  }
}
