import type { CustomerProfile } from '../../domain/customers';
import type { Identity } from '../../domain/identities';
import type { OutboxEvent } from '../../domain/outbox-event';

/** One segment a profile is in (zone 75011, offer fibre-1g). */
export interface Membership {
  attribute: string;
  value: string;
}

/**
 * Customer profiles and the identities they own (one owner per identity). Every write is
 * conditional: `false` means another request changed or claimed something first, and the caller
 * reads again (retryOnConflict).
 */
export interface Customers {
  get(customerId: string, consistent?: boolean): Promise<CustomerProfile | undefined>;
  /** The live profile for an id, following a merge redirect. */
  resolve(customerId: string, consistent?: boolean): Promise<CustomerProfile | undefined>;
  /** Which profile owns each identity, for those that are owned: identity key → customer id. */
  owners(identities: readonly Identity[]): Promise<Map<string, string>>;
  /** Creates a profile and claims its identities; false when another request claimed one first. */
  create(profile: CustomerProfile, outbox: OutboxEvent): Promise<boolean>;
  /** Adds identities to a profile; false when the profile changed or an identity was claimed meanwhile. */
  addIdentities(profile: CustomerProfile, added: readonly Identity[], next: CustomerProfile, outbox: OutboxEvent): Promise<boolean>;
  /** Replaces the profile's attributes and moves its segment memberships together; false when the profile changed meanwhile. */
  updateAttributes(
    profile: CustomerProfile,
    next: CustomerProfile,
    memberships: { left: readonly Membership[]; joined: readonly Membership[] },
    outbox: OutboxEvent,
  ): Promise<boolean>;
  /** One page of the customers of a segment (an incident audience). */
  segmentPage(attribute: string, value: string, cursor: string | undefined, limit: number): Promise<{ customerIds: string[]; next?: string }>;
  /** Replaces the profile if unchanged since read (preferences); false otherwise. */
  replace(profile: CustomerProfile, next: CustomerProfile, outbox: OutboxEvent): Promise<boolean>;
  /**
   * Merges `source` into `target` at once: the target takes the identities and the merge
   * history, the source (and what was merged into it) redirects to the target. False when either
   * profile changed meanwhile.
   */
  merge(target: CustomerProfile, source: CustomerProfile, nextTarget: CustomerProfile, now: string, outbox: OutboxEvent): Promise<boolean>;
}
