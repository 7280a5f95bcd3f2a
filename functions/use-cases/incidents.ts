import { outboxEvent } from '../domain/outbox-event';
import type { Language } from '../domain/channels';
import type { SegmentAttribute } from '../domain/customers';
import { newId } from '../domain/ids';
import { affects, audienceSegments, type Incident, type IncidentSeverity, incidentText, isUrgent } from '../domain/incidents';
import type { Principal } from '../domain/roles';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import { actingCustomerId } from './access';
import type { Dependencies } from './dependencies';
import { type NotificationDependencies, notify, type NotifyOutcome, sendQueued, suppressedEvent } from './notifications';
import type { SegmentValue } from './ports/incidents';
import type { AudienceDelivery, AudiencePage } from './ports/notifications';
import { InvalidInput, NotFound, Conflict } from './errors';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { IncidentDeclared, IncidentUpdated } from '../domain/incident-events';

export interface DeclareIncidentInput {
  title: string;
  severity: IncidentSeverity;
  affected: Partial<Record<SegmentAttribute, string[]>>;
  messages: Partial<Record<Language, string>>;
}

export interface UpdateIncidentInput {
  title?: string;
  severity?: IncidentSeverity;
  messages?: Partial<Record<Language, string>>;
  status?: 'resolved';
}

/** Declares an incident (revision 1) with `IncidentDeclared`; the notification worker fans it out. */
export async function declareIncident(
  deps: Pick<Dependencies, 'incidents' | 'now'>,
  principal: Principal,
  input: DeclareIncidentInput,
  correlationId: string,
): Promise<Incident> {
  const now = deps.now();
  const incident: Incident = {
    incidentId: newId('incident', now.getTime()),
    title: input.title,
    severity: input.severity,
    affected: input.affected,
    messages: input.messages,
    status: 'active',
    revision: 1,
    declaredAt: now.toISOString(),
    declaredBy: principal.subject,
    updatedAt: now.toISOString(),
    version: 1,
  };
  const { incidentId, severity, affected, revision } = incident;
  await deps.incidents.create(incident, outboxEvent(IncidentDeclared, { incidentId, severity, affected, revision }, correlationId, now));
  return incident;
}

/**
 * Updates or resolves an incident: a new revision, told to the same audience again. A resolved
 * incident changes no more.
 */
export async function updateIncident(
  deps: Pick<Dependencies, 'incidents' | 'now'>,
  incidentId: string,
  input: UpdateIncidentInput,
  correlationId: string,
): Promise<Incident> {
  return retryOnConflict({ attempts: 3, conflict: 'The incident kept changing: retry.' }, async () => {
    const current = await deps.incidents.get(incidentId, true);
    if (!current) throw NotFound.of('Incident', incidentId);
    if (current.status === 'resolved') throw new Conflict('The incident is resolved: declare a new one.', 'status');
    const now = deps.now();
    const next: Incident = {
      ...current,
      ...(input.title ? { title: input.title } : {}),
      ...(input.severity ? { severity: input.severity } : {}),
      ...(input.messages ? { messages: input.messages } : {}),
      ...(input.status === 'resolved' ? { status: 'resolved' as const, resolvedAt: now.toISOString() } : {}),
      revision: current.revision + 1,
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    if (input.status === 'resolved' && !input.messages) next.messages = resolutionMessages(next.title);
    const event = outboxEvent(IncidentUpdated, { incidentId, severity: next.severity, status: next.status, revision: next.revision }, correlationId, now);
    return (await deps.incidents.replace(next, current.version, event)) ? next : lostRace;
  });
}

function resolutionMessages(title: string): Record<Language, string> {
  return { fr: `L'incident « ${title} » est résolu. Merci de votre patience.`, en: `The incident "${title}" is resolved. Thank you for your patience.` };
}

/**
 * The active incidents, newest first, paged: staff see all of them, a customer those affecting
 * their own segments (a status page, the "known outage in your area" widget). `segment`
 * (`zone:75011`) keeps those affecting that segment.
 */
export async function listActiveIncidents(
  deps: Pick<Dependencies, 'customers' | 'incidents'>,
  principal: Principal,
  query: { segment?: string; limit: number; cursor?: string },
) {
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && before === undefined) throw new InvalidInput([{ field: 'cursor', message: 'is not a cursor returned by this API' }]);
  const segment = query.segment === undefined ? undefined : parseSegment(query.segment);
  const acting = actingCustomerId(principal);
  let anyOf: SegmentValue[] | undefined;
  if (acting !== undefined) {
    const profile = await deps.customers.resolve(acting);
    anyOf = (Object.entries(profile?.segments ?? {}) as [SegmentAttribute, string][]).map(([attribute, value]) => ({ attribute, value }));
    if (anyOf.length === 0) return { items: [] };
  }
  const page = await deps.incidents.activePage({
    ...(anyOf ? { anyOf } : {}),
    ...(segment ? { segment } : {}),
    limit: query.limit,
    ...(before ? { before } : {}),
  });
  return {
    items: page.incidents.map(({ incidentId, title, severity, affected, messages, status, revision, declaredAt, updatedAt }) => ({
      incidentId,
      title,
      severity,
      affected,
      messages,
      status,
      revision,
      declaredAt,
      updatedAt,
    })),
    ...(page.more && page.last ? { nextCursor: encodeCursor(page.last) } : {}),
  };
}

function parseSegment(segment: string): SegmentValue {
  const at = segment.indexOf(':');
  return { attribute: segment.slice(0, at) as SegmentAttribute, value: segment.slice(at + 1) };
}

/** An incident with its delivery counts (all revisions) and the contacts received during it. */
export async function getIncident(deps: Pick<Dependencies, 'incidents'>, incidentId: string) {
  const [incident, counts] = await Promise.all([deps.incidents.get(incidentId), deps.incidents.counts(incidentId)]);
  if (!incident) throw NotFound.of('Incident', incidentId);
  const { contactsDuring, ...deliveries } = counts;
  return { ...incident, deliveries, contactsDuringIncident: contactsDuring };
}

/** Customers per delivery message: small enough that a retried message redoes little. */
export const customersPerDelivery = 25;
const audiencePageSize = 500;

type FanOutDependencies = Pick<Dependencies, 'incidents' | 'customers'>;

/**
 * Reads one page of the audience (a Query: a segment, or a shard of the audience lists) and
 * returns the delivery messages for it and the next page to read, if any. The declaration's walk
 * of the segments always runs to its end, even when a newer revision exists: the customers it has
 * not reached yet are told that newer revision (folded). A later revision's walk of the audience
 * lists stops once a newer revision exists: that one's walk reads the same lists.
 */
export async function audienceStep(deps: FanOutDependencies, step: AudiencePage): Promise<{ deliveries: AudienceDelivery[]; next?: AudiencePage }> {
  const incident = await deps.incidents.get(step.incidentId, true);
  if (!incident) return { deliveries: [] };
  if (step.from === 'told' && incident.revision !== step.revision) return { deliveries: [] };
  const segments = audienceSegments(incident);
  const sources = step.from === 'segments' ? segments.length : deps.incidents.audienceShards;
  const { cursor: _cursor, ...first } = step;
  // Empty sources (most shards of a small audience) are passed in the same step, not one message each.
  for (let at: AudiencePage = step; at.position < sources; at = { ...first, position: at.position + 1 }) {
    const page =
      at.from === 'segments'
        ? await deps.customers.segmentPage(segments[at.position]!.attribute, segments[at.position]!.value, at.cursor, audiencePageSize)
        : await deps.incidents.audiencePage(at.incidentId, at.position, at.cursor, audiencePageSize);
    if (page.customerIds.length === 0 && !page.next) continue;
    const deliveries: AudienceDelivery[] = [];
    for (let i = 0; i < page.customerIds.length; i += customersPerDelivery) {
      deliveries.push({ kind: 'deliver', incidentId: at.incidentId, revision: at.revision, customerIds: page.customerIds.slice(i, i + customersPerDelivery) });
    }
    const next: AudiencePage | undefined = page.next
      ? { ...at, cursor: page.next }
      : at.position + 1 < sources
        ? { ...first, position: at.position + 1 }
        : undefined;
    return { deliveries, ...(next ? { next } : {}) };
  }
  return { deliveries: [] };
}

export type DeliveryCounts = Record<NotifyOutcome, number>;

/**
 * Tells a group of customers the latest revision of an incident and adds the outcomes to its
 * counts. Each customer hears each revision at most once and never an older one after a newer
 * one: a customer's audience record claims the revision first. A revision overtaken before it
 * reached a customer is folded into the newer one: they hear the newer one only. After telling,
 * the incident is read again: a revision made meanwhile may have listed its audience before these
 * customers were on it, so they are told that one too.
 */
export async function deliverToAudience(deps: NotificationDependencies & Pick<Dependencies, 'incidents'>, delivery: AudienceDelivery): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, suppressed: 0, deferred: 0, failed: 0, duplicate: 0 };
  let told = 0;
  for (;;) {
    const incident = await deps.incidents.get(delivery.incidentId, true);
    if (!incident || incident.revision <= told) return counts;
    await tellRevision(deps, incident, delivery.customerIds, counts);
    told = incident.revision;
  }
}

/**
 * Customers of a group told at once. The webhook timeout (10 s) runs from the start of each send:
 * with a whole batch of groups sending at once (5 × 25), a busy worker took longer than that to
 * read answers the platform had already given, so it retried sends that had arrived (the same
 * deliveryId again, minutes later). A few at a time keep each send's wait its own.
 */
const sendsAtOnce = 5;

/** Like Promise.allSettled over `items`, with at most `limit` of them running at once. */
async function settleEach<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        results[i] = { status: 'fulfilled', value: await run(items[i]!) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

async function tellRevision(
  deps: NotificationDependencies & Pick<Dependencies, 'incidents'>,
  incident: Incident,
  customerIds: string[],
  counts: DeliveryCounts,
): Promise<void> {
  const { incidentId, revision } = incident;
  const here: DeliveryCounts = { sent: 0, suppressed: 0, deferred: 0, failed: 0, duplicate: 0 };
  const results = await settleEach(customerIds, sendsAtOnce, async (customerId): Promise<NotifyOutcome> => {
    const claim = await deps.incidents.claimAudience(incidentId, customerId, revision);
    if (!claim) return 'duplicate';
    return notify(deps, {
      dedupeKey: `incident#${incidentId}#${revision}`,
      kind: incident.status === 'resolved' ? 'incidentResolved' : claim.first ? 'incident' : 'incidentUpdated',
      customerId,
      incidentId,
      incidentRevision: revision,
      urgent: isUrgent(incident.severity),
      text: (language) => incidentText(incident, language),
    });
  });
  for (const result of results) if (result.status === 'fulfilled') here[result.value]++;
  for (const outcome of Object.keys(here) as NotifyOutcome[]) counts[outcome] += here[outcome];
  const { duplicate: _duplicate, ...counted } = here;
  await deps.incidents.count(incidentId, counted, customerIds[0] ?? '');
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * A customer joined segments (PATCH /customers/{id}): each active incident affecting them now
 * that they were not told yet is told to them once, at its current revision, as a first notice;
 * from then on they are in its audience and hear every later revision.
 */
export async function tellNewMember(deps: NotificationDependencies & Pick<Dependencies, 'incidents'>, customerId: string): Promise<DeliveryCounts[]> {
  const profile = await deps.customers.resolve(customerId);
  if (!profile?.segments) return [];
  const affecting = (await deps.incidents.active()).filter((incident) => affects(incident, profile.segments));
  const results: DeliveryCounts[] = [];
  for (const { incidentId } of affecting)
    results.push(await deliverToAudience(deps, { kind: 'deliver', incidentId, revision: 0, customerIds: [profile.customerId] }));
  return results;
}

/**
 * Sends a notification that quiet hours held back, now that they are over. An incident revision
 * that a newer one overtook for this customer meanwhile is not sent: it is suppressed as
 * `superseded` (the customer hears the newer one, in order). The incident's counts follow.
 */
export async function releaseDeferred(deps: NotificationDependencies & Pick<Dependencies, 'incidents'>, notificationId: string): Promise<NotifyOutcome> {
  const notification = await deps.notifications.get(notificationId);
  if (!notification) return 'duplicate';
  const { incidentId, incidentRevision, customerId } = notification;
  if (incidentId && incidentRevision !== undefined && notification.status === 'deferred') {
    const heard = await deps.incidents.heard(incidentId, customerId);
    if (heard !== undefined && heard > incidentRevision) {
      if (!(await deps.notifications.supersede(notificationId, suppressedEvent(notification, 'superseded', deps.now())))) return 'duplicate';
      await deps.incidents.count(incidentId, { deferred: -1, suppressed: 1 }, notificationId);
      return 'suppressed';
    }
  }
  const outcome = await sendQueued(deps, notification);
  // Sent or failed happens once per notification: the deferred count moves exactly once.
  if (incidentId && notification.deferredUntil && (outcome === 'sent' || outcome === 'failed'))
    await deps.incidents.count(incidentId, { [outcome]: 1, deferred: -1 }, notificationId);
  return outcome;
}
