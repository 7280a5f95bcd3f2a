import { outboxEvent } from '../domain/outbox-event';
import type { Channel } from '../domain/channels';
import { type CustomerProfile, distinctKinds, emptyIdentities, identityKey, unvouchedIdentities, withIdentities } from '../domain/customers';
import { type Identity, type IdentityInput, type IdentityKind, identitiesOf } from '../domain/identities';
import { newId } from '../domain/ids';
import type { Principal } from '../domain/roles';
import { actingCustomerId } from './access';
import type { Dependencies } from './dependencies';
import { Forbidden, UnknownReference, Unprocessable } from './errors';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { CustomerCreated, CustomerIdentitiesAdded } from '../domain/customer-events';

export interface CustomerResolution {
  profile: CustomerProfile;
  created: boolean;
  identitiesAdded: IdentityKind[];
  /** Other profiles owning some of the identities given: merge candidates. */
  possibleDuplicates: string[];
}

export interface ContactCustomer extends IdentityInput {
  customerId?: string;
}

/**
 * Finds the one profile a contact belongs to, whatever identities the channel knows.
 *
 * Primary course: an explicit customer id (or the caller's own, for customers) wins; otherwise
 * the most trusted known identity (CRM reference, then email, phone, social handle) picks the
 * profile; identities nobody owns yet are attached to it; no known identity creates a profile.
 * Identities owned by another profile are never moved: they are reported as possible duplicates.
 * A customer acting for themselves may only offer identities their token vouches for (verified
 * email or phone claims) or their profile already holds; anything else is refused before any
 * write, with the same answer whether or not someone else owns it.
 * `expectedCustomerId` (the owner of the case the contact is about) is checked before any write.
 * A race with another request (same new email on two channels at once) is retried, so both land
 * on the same profile.
 */
export async function resolveCustomer(
  deps: Pick<Dependencies, 'customers' | 'now'>,
  contact: ContactCustomer,
  principal: Principal,
  options: {
    correlationId: string;
    channel?: Channel;
    expectedCustomerId?: string /** Path of the customer reference in the request body, for error messages. */;
    field?: string;
  },
): Promise<CustomerResolution> {
  const field = options.field ?? 'customer';
  const acting = actingCustomerId(principal);
  if (acting !== undefined && contact.customerId !== undefined && contact.customerId !== acting) {
    throw new Forbidden('Customers can only record contacts on their own profile.', [field, 'customerId'].filter(Boolean).join('.'));
  }
  return retryOnConflict({ attempts: 3, conflict: 'The customer profile kept changing while this contact was recorded: retry.' }, () =>
    tryResolve(deps, contact, acting, principal.verified, { ...options, field }),
  );
}

async function tryResolve(
  deps: Pick<Dependencies, 'customers' | 'now'>,
  contact: ContactCustomer,
  acting: string | undefined,
  verified: Principal['verified'],
  options: { correlationId: string; channel?: Channel; expectedCustomerId?: string; field: string },
): Promise<CustomerResolution | typeof lostRace> {
  const identities = identitiesOf(contact);
  const owners = await deps.customers.owners(identities);
  const requestedId = acting ?? contact.customerId;
  let profile: CustomerProfile | undefined;
  if (requestedId) {
    profile = await deps.customers.resolve(requestedId, true);
    if (!profile && acting === undefined) {
      throw new UnknownReference([options.field, 'customerId'].filter(Boolean).join('.'), `Customer ${requestedId} does not exist.`);
    }
  } else {
    const owner = identities.map((identity) => owners.get(identityKey(identity))).find((id) => id !== undefined);
    if (owner) profile = await deps.customers.resolve(owner, true);
  }

  if (acting !== undefined) {
    const refused = unvouchedIdentities(identities, profile?.identities, verified)[0];
    if (refused) {
      throw new Forbidden(
        'Customers can only give the email or phone number their sign-in verified, or identities already on their profile.',
        [options.field, refused.kind].filter(Boolean).join('.'),
      );
    }
  }
  const customerId = profile?.customerId ?? acting;
  if (options.expectedCustomerId && customerId !== options.expectedCustomerId) {
    throw new Unprocessable('caseId', 'The case belongs to another customer.');
  }
  const unclaimed = identities.filter((identity) => !owners.has(identityKey(identity)));
  const possibleDuplicates = [
    ...new Set(identities.map((identity) => owners.get(identityKey(identity))).filter((id): id is string => !!id && id !== profile?.customerId)),
  ];
  const now = deps.now().toISOString();

  if (!profile) return create(deps, acting ?? newId('customer'), unclaimed, now, possibleDuplicates, options);
  if (unclaimed.length === 0) return { profile, created: false, identitiesAdded: [], possibleDuplicates };

  const next: CustomerProfile = {
    ...profile,
    identities: withIdentities(profile.identities, unclaimed),
    updatedAt: now,
    version: profile.version + 1,
  };
  const event = outboxEvent(CustomerIdentitiesAdded, { customerId: profile.customerId, identityKinds: distinctKinds(unclaimed) }, options.correlationId);
  const added = await deps.customers.addIdentities(profile, unclaimed, next, event);
  return added ? { profile: next, created: false, identitiesAdded: distinctKinds(unclaimed), possibleDuplicates } : lostRace;
}

async function create(
  deps: Pick<Dependencies, 'customers'>,
  customerId: string,
  identities: Identity[],
  now: string,
  possibleDuplicates: string[],
  options: { correlationId: string; channel?: Channel },
): Promise<CustomerResolution | typeof lostRace> {
  const profile: CustomerProfile = {
    customerId,
    identities: withIdentities(emptyIdentities(), identities),
    mergedFrom: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const event = outboxEvent(
    CustomerCreated,
    { customerId, identityKinds: distinctKinds(identities), ...(options.channel ? { firstChannel: options.channel } : {}) },
    options.correlationId,
  );
  const created = await deps.customers.create(profile, event);
  return created ? { profile, created: true, identitiesAdded: distinctKinds(identities), possibleDuplicates } : lostRace;
}
