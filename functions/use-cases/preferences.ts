import { outboxEvent } from '../domain/outbox-event';
import { noPreferences, type Preferences } from '../domain/notifications';
import type { Principal } from '../domain/roles';
import { assertOwnCustomer } from './access';
import type { Dependencies } from './dependencies';
import { InvalidInput, NotFound } from './errors';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { CustomerUpdated } from '../domain/customer-events';

async function liveProfile(deps: Pick<Dependencies, 'customers'>, principal: Principal, customerId: string) {
  await assertOwnCustomer(deps, principal, customerId);
  const profile = await deps.customers.resolve(customerId, true);
  if (!profile) throw NotFound.of('Customer', customerId);
  return profile;
}

/** The customer's consent and contact preferences (no consent anywhere until they give it). */
export async function getPreferences(deps: Pick<Dependencies, 'customers'>, principal: Principal, customerId: string) {
  const profile = await liveProfile(deps, principal, customerId);
  return { customerId: profile.customerId, ...(profile.preferences ?? noPreferences) };
}

/**
 * Replaces the preferences. Primary course: the live profile; store the new preferences with
 * `CustomerUpdated` (changed: preferences), so consent changes are on the record.
 */
export async function putPreferences(
  deps: Pick<Dependencies, 'customers' | 'now'>,
  principal: Principal,
  customerId: string,
  preferences: Omit<Preferences, 'updatedAt'>,
  correlationId: string,
) {
  if (preferences.preferredChannel && preferences.consent[preferences.preferredChannel] !== true) {
    throw new InvalidInput([{ field: 'preferredChannel', message: `needs consent on ${preferences.preferredChannel}` }]);
  }
  return retryOnConflict({ attempts: 3, conflict: 'The profile kept changing: retry.' }, async () => {
    const profile = await liveProfile(deps, principal, customerId);
    const now = deps.now();
    const next = { ...profile, preferences: { ...preferences, updatedAt: now.toISOString() }, updatedAt: now.toISOString(), version: profile.version + 1 };
    const event = outboxEvent(CustomerUpdated, { customerId: profile.customerId, changed: ['preferences'] }, correlationId, now);
    return (await deps.customers.replace(profile, next, event)) ? { customerId: profile.customerId, ...next.preferences } : lostRace;
  });
}
