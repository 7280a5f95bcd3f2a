import { outboxEvent } from '../adapters/dynamodb/outbox';
import { problems } from '../commons/http/problem';
import type { Language } from '../domain/channels';
import type { SegmentAttribute } from '../domain/customers';
import { newId } from '../domain/ids';
import { audienceSegments, type Incident, type IncidentSeverity, incidentText, isUrgent } from '../domain/incidents';
import type { Principal } from '../domain/roles';
import type { Dependencies } from './dependencies';
import { type NotificationDependencies, notify, type NotifyOutcome } from './notifications';

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
export async function declareIncident(deps: Dependencies, principal: Principal, input: DeclareIncidentInput, correlationId: string): Promise<Incident> {
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
  await deps.incidents.create(incident, outboxEvent('IncidentDeclared', { incidentId, severity, affected, revision }, correlationId, now));
  return incident;
}

/**
 * Updates or resolves an incident: a new revision, told to the same audience again. A resolved
 * incident changes no more.
 */
export async function updateIncident(deps: Dependencies, incidentId: string, input: UpdateIncidentInput, correlationId: string): Promise<Incident> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await deps.incidents.get(incidentId, true);
    if (!current) throw problems.notFound('Incident', incidentId);
    if (current.status === 'resolved') throw problems.conflict('The incident is resolved: declare a new one.', 'status');
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
    const event = outboxEvent('IncidentUpdated', { incidentId, severity: next.severity, status: next.status, revision: next.revision }, correlationId, now);
    if (await deps.incidents.replace(next, current.version, event)) return next;
  }
  throw problems.conflict('The incident kept changing: retry.');
}

function resolutionMessages(title: string): Record<Language, string> {
  return { fr: `L'incident « ${title} » est résolu. Merci de votre patience.`, en: `The incident "${title}" is resolved. Thank you for your patience.` };
}

/** An incident with its delivery counts (all revisions) and the contacts received during it. */
export async function getIncident(deps: Dependencies, incidentId: string) {
  const [incident, counts] = await Promise.all([deps.incidents.get(incidentId), deps.incidents.counts(incidentId)]);
  if (!incident) throw problems.notFound('Incident', incidentId);
  const { contactsDuring, ...deliveries } = counts;
  return { ...incident, deliveries, contactsDuringIncident: contactsDuring };
}

/** One step of an incident fan-out: a page of one audience segment. */
export interface AudiencePage {
  kind: 'audience';
  incidentId: string;
  revision: number;
  segment: number;
  cursor?: string;
}

/** A small group of customers to notify of one incident revision. */
export interface AudienceDelivery {
  kind: 'deliver';
  incidentId: string;
  revision: number;
  customerIds: string[];
}

/** Customers per delivery message: small enough that a retried message redoes little. */
export const customersPerDelivery = 25;
const audiencePageSize = 500;

/**
 * Reads one page of the audience (a Query on one segment) and returns the delivery messages for
 * it and the next page to read (the rest of this segment, else the next segment), if any. A stale
 * revision (the incident changed since) stops: the newer revision has its own fan-out.
 */
export async function audienceStep(deps: Pick<Dependencies, 'incidents' | 'customers'>, step: AudiencePage): Promise<{ deliveries: AudienceDelivery[]; next?: AudiencePage }> {
  const incident = await deps.incidents.get(step.incidentId, true);
  if (!incident || incident.revision !== step.revision) return { deliveries: [] };
  const segments = audienceSegments(incident);
  const segment = segments[step.segment];
  if (!segment) return { deliveries: [] };
  const page = await deps.customers.segmentPage(segment.attribute, segment.value, step.cursor, audiencePageSize);
  const deliveries: AudienceDelivery[] = [];
  for (let i = 0; i < page.customerIds.length; i += customersPerDelivery) {
    deliveries.push({ kind: 'deliver', incidentId: step.incidentId, revision: step.revision, customerIds: page.customerIds.slice(i, i + customersPerDelivery) });
  }
  const next: AudiencePage | undefined = page.next
    ? { ...step, cursor: page.next }
    : step.segment + 1 < segments.length
      ? { kind: 'audience', incidentId: step.incidentId, revision: step.revision, segment: step.segment + 1 }
      : undefined;
  return { deliveries, ...(next ? { next } : {}) };
}

/** Notifies a group of customers of one incident revision and adds the outcomes to the incident's counts. */
export async function deliverToAudience(deps: NotificationDependencies & Pick<Dependencies, 'incidents'>, delivery: AudienceDelivery): Promise<Record<NotifyOutcome, number>> {
  const incident = await deps.incidents.get(delivery.incidentId);
  const counts: Record<NotifyOutcome, number> = { sent: 0, suppressed: 0, deferred: 0, duplicate: 0, failed: 0 };
  if (!incident) return counts;
  const kind = incident.status === 'resolved' ? 'incidentResolved' : 'incident';
  const results = await Promise.allSettled(
    delivery.customerIds.map((customerId) =>
      notify(deps, {
        dedupeKey: `incident#${incident.incidentId}#${delivery.revision}`,
        kind,
        customerId,
        incidentId: incident.incidentId,
        urgent: isUrgent(incident.severity),
        text: (language) => incidentText(incident, language),
      }),
    ),
  );
  for (const result of results) if (result.status === 'fulfilled') counts[result.value]++;
  await deps.incidents.count(incident.incidentId, { sent: counts.sent, suppressed: counts.suppressed, deferred: counts.deferred, failed: counts.failed }, delivery.customerIds[0] ?? '');
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return counts;
}
