import { outboxEvent } from '../domain/outbox-event';
import { applyAttributesUpdate, type AttributesUpdate, type CustomerProfile, identityKey, identityList, withIdentities } from '../domain/customers';
import { type IdentityInput, identitiesOf } from '../domain/identities';
import type { Principal } from '../domain/roles';
import type { Callback } from '../domain/callbacks';
import type { SupportCase } from '../domain/cases';
import type { Interaction } from '../domain/interactions';
import type { Notification } from '../domain/notifications';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import { assertOwnCustomer } from './access';
import type { Dependencies } from './dependencies';
import { surveyView } from '../domain/surveys';
import type { TimelineRecord } from './ports/interactions';
import { InvalidInput, NotFound, Conflict, UnknownReference, Unprocessable } from './errors';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { CustomerUpdated, CustomersMerged } from '../domain/customer-events';

/** The public view of a profile (the merge redirect and version are storage concerns). */
export function customerView(profile: CustomerProfile) {
  const { customerId, identities, mergedFrom, createdAt, updatedAt } = profile;
  return { customerId, identities, segments: profile.segments ?? {}, vip: profile.vip ?? false, mergedFrom, createdAt, updatedAt };
}

/**
 * Sets a customer's segment attributes and VIP flag. Primary course: the live profile (a merged
 * id resolves to it); apply the update; write the profile and move its segment memberships in one
 * transaction with `CustomerUpdated`; nothing changed → nothing written.
 */
export async function updateCustomerAttributes(
  deps: Pick<Dependencies, 'customers' | 'now'>,
  principal: Principal,
  customerId: string,
  update: AttributesUpdate,
  correlationId: string,
) {
  return retryOnConflict({ attempts: 3, conflict: 'The profile kept changing: reload it and retry.' }, async () => {
    const profile = await liveProfile(deps, principal, customerId);
    const { next, changed, left, joined } = applyAttributesUpdate(profile, update);
    if (changed.length === 0) return customerView(profile);
    const now = deps.now();
    next.updatedAt = now.toISOString();
    next.version = profile.version + 1;
    const event = outboxEvent(CustomerUpdated, { customerId: profile.customerId, changed }, correlationId, now);
    return (await deps.customers.updateAttributes(profile, next, { left, joined }, event)) ? customerView(next) : lostRace;
  });
}

async function liveProfile(deps: Pick<Dependencies, 'customers'>, principal: Principal, customerId: string): Promise<CustomerProfile> {
  await assertOwnCustomer(deps, principal, customerId);
  const profile = await deps.customers.resolve(customerId);
  if (!profile) throw NotFound.of('Customer', customerId);
  return profile;
}

export async function getCustomer(deps: Pick<Dependencies, 'customers'>, principal: Principal, customerId: string) {
  return customerView(await liveProfile(deps, principal, customerId));
}

/** The live profile an identity belongs to (staff only: the route's roles keep customers out). */
export async function findCustomer(deps: Pick<Dependencies, 'customers'>, query: IdentityInput) {
  const [identity] = identitiesOf(query);
  if (!identity) throw new InvalidInput([{ field: '(query)', message: 'one identity is required' }]);
  const owner = (await deps.customers.owners([identity])).get(identityKey(identity));
  const profile = owner ? await deps.customers.resolve(owner) : undefined;
  if (!profile) throw new NotFound(`No customer is known by this ${identity.kind}.`);
  return customerView(profile);
}

/** One page of everything that happened with the customer (and the profiles merged into them), newest first. */
export async function getTimeline(
  deps: Pick<Dependencies, 'customers' | 'interactions'>,
  principal: Principal,
  customerId: string,
  query: { limit: number; cursor?: string },
) {
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && before === undefined) {
    throw new InvalidInput([{ field: 'cursor', message: 'is not a cursor returned by this API' }]);
  }
  const profile = await liveProfile(deps, principal, customerId);
  const page = await deps.interactions.timelinePage([profile.customerId, ...profile.mergedFrom], query.limit, before);
  return {
    customerId: profile.customerId,
    items: page.records.map(timelineEntry),
    ...(page.more && page.last ? { nextCursor: encodeCursor(page.last) } : {}),
  };
}

/** Records per export page: at most 200 × 10,000 characters of text, far below Lambda's 6 MB response. */
export const exportPageSize = 200;

/**
 * Everything recorded about a customer (GDPR art. 15 and 20), one page at a time: the profile
 * with its identities and preferences on every page, then the records of its timeline (and of the
 * profiles merged into it), newest first, by kind, with the self-care sessions handed over to its
 * cases. `nextCursor` resumes it, as on the timeline.
 */
export async function exportCustomer(
  deps: Pick<Dependencies, 'customers' | 'interactions' | 'selfcare' | 'now'>,
  principal: Principal,
  customerId: string,
  query: { cursor?: string },
) {
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && before === undefined) {
    throw new InvalidInput([{ field: 'cursor', message: 'is not a cursor returned by this API' }]);
  }
  const profile = await liveProfile(deps, principal, customerId);
  const page = await deps.interactions.timelinePage([profile.customerId, ...profile.mergedFrom], exportPageSize, before);
  const interactions: Interaction[] = [];
  const cases: SupportCase[] = [];
  const notifications: Omit<Notification, 'leaseUntil'>[] = [];
  const callbacks: Callback[] = [];
  const surveys: (ReturnType<typeof surveyView> & { caseId?: string })[] = [];
  for (const entry of page.records) {
    if (entry.type === 'survey') surveys.push({ ...surveyView(entry.record), ...(entry.record.caseId ? { caseId: entry.record.caseId } : {}) });
    if (entry.type === 'interaction') interactions.push(entry.record);
    if (entry.type === 'case') cases.push(entry.record);
    if (entry.type === 'callback') callbacks.push(entry.record);
    if (entry.type === 'notification') {
      const { leaseUntil: _lease, ...notification } = entry.record;
      notifications.push(notification);
    }
  }
  const sessions = (await Promise.all(cases.map((supportCase) => deps.selfcare.sessionsOfCase(supportCase.caseId)))).flat();
  return {
    format: 'support-customer-export.v1' as const,
    exportedAt: deps.now().toISOString(),
    customerId: profile.customerId,
    profile: customerView(profile),
    ...(profile.preferences ? { preferences: { customerId: profile.customerId, ...profile.preferences } } : {}),
    interactions,
    cases,
    notifications,
    callbacks,
    selfcareSessions: sessions.flatMap((session) =>
      session.handover
        ? [
            {
              sessionId: session.sessionId,
              caseId: session.handover.caseId,
              startedAt: session.startedAt,
              lastActivityAt: session.lastActivityAt,
              activities: session.activities,
            },
          ]
        : [],
    ),
    surveys,
    ...(page.more && page.last ? { nextCursor: encodeCursor(page.last) } : {}),
  };
}

function timelineEntry(entry: TimelineRecord) {
  switch (entry.type) {
    case 'case':
      return { type: 'case' as const, at: entry.record.openedAt, case: entry.record };
    case 'notification': {
      // The send lease is the workers' concern, not the customer's (and no schema describes it).
      const { leaseUntil: _lease, ...notification } = entry.record;
      return { type: 'notification' as const, at: entry.record.createdAt, notification };
    }
    case 'callback':
      return { type: 'callback' as const, at: entry.record.requestedAt, callback: entry.record };
    case 'survey':
      return {
        type: 'survey' as const,
        at: entry.record.offeredAt,
        survey: { ...surveyView(entry.record), ...(entry.record.caseId ? { caseId: entry.record.caseId } : {}) },
      };
    case 'interaction':
      return { type: 'interaction' as const, at: entry.record.occurredAt, interaction: entry.record };
  }
}

/** DynamoDB transactions hold at most 100 writes; a merge writes 2 + redirects + identities. */
const maxMergeWrites = 100;

/**
 * Merges `sourceCustomerId` into `customerId`: one person, one profile.
 *
 * Primary course: load both; refuse merging a profile into itself or into a profile that was
 * itself merged away; move identities and history in one transaction with `CustomersMerged`.
 * Merging again what is already merged returns the profile unchanged (safe retry).
 */
export async function mergeCustomers(
  deps: Pick<Dependencies, 'customers' | 'now'>,
  principal: Principal,
  customerId: string,
  sourceCustomerId: string,
  correlationId: string,
) {
  if (sourceCustomerId === customerId) {
    throw new Unprocessable('sourceCustomerId', 'A profile cannot be merged into itself.');
  }
  return retryOnConflict({ attempts: 3, conflict: 'The profiles kept changing during the merge: retry.' }, async () => {
    const [target, source] = await Promise.all([deps.customers.get(customerId, true), deps.customers.get(sourceCustomerId, true)]);
    if (!target) throw NotFound.of('Customer', customerId);
    if (!source) throw new UnknownReference('sourceCustomerId', `Customer ${sourceCustomerId} does not exist.`);
    if (target.mergedInto) {
      throw new Conflict(`Customer ${customerId} was merged into ${target.mergedInto}: merge into that profile.`);
    }
    if (source.mergedInto === customerId) return customerView(target);
    if (source.mergedInto) {
      throw new Conflict(`Customer ${sourceCustomerId} was already merged into ${source.mergedInto}.`, 'sourceCustomerId');
    }
    if (2 + source.mergedFrom.length + identityList(source.identities).length > maxMergeWrites) {
      throw new Unprocessable('sourceCustomerId', 'This profile has too many identities to merge in one step.');
    }
    const now = deps.now().toISOString();
    const next: CustomerProfile = {
      ...target,
      identities: withIdentities(target.identities, identityList(source.identities)),
      mergedFrom: [...new Set([...target.mergedFrom, source.customerId, ...source.mergedFrom])],
      updatedAt: now,
      version: target.version + 1,
    };
    const event = outboxEvent(CustomersMerged, { customerId, sourceCustomerId, mergedBy: principal.subject }, correlationId);
    return (await deps.customers.merge(target, source, next, now, event)) ? customerView(next) : lostRace;
  });
}
