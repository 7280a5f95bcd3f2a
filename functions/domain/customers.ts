import type { Identity, IdentityKind } from './identities';
import type { Preferences } from './notifications';

/** A customer profile: one person, every identity any channel knows them by. */
export interface CustomerProfile {
  customerId: string;
  identities: Identities;
  /** Profiles merged into this one. Their records stay where they are and are read with this one. */
  mergedFrom: string[];
  /** Set on a profile that was merged away: where the person lives now. */
  mergedInto?: string;
  /** Segment attributes: who an incident affects, what offer they have (set by agents and integrations). */
  segments?: Segments;
  /** A VIP customer's contacts on an open case escalate by themselves (client rule `routing.automatic.vip`). */
  vip?: boolean;
  /** Consent and contact preferences for proactive messages (absent: no consent anywhere). */
  preferences?: Preferences;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The attributes customers are grouped by; each (attribute, value) is queryable (incident audiences). */
export const segmentAttributes = ['zone', 'postcode', 'offer', 'product'] as const;
export type SegmentAttribute = (typeof segmentAttributes)[number];
export type Segments = Partial<Record<SegmentAttribute, string>>;

/** What a `CustomerUpdated` event names as changed: a segment attribute, the VIP flag, the contact preferences. */
export const customerChanges = [...segmentAttributes, 'vip', 'preferences'] as const;
export type CustomerChange = (typeof customerChanges)[number];

export interface AttributesUpdate {
  vip?: boolean;
  /** A value sets the attribute, null removes it, absent leaves it. */
  segments?: Partial<Record<SegmentAttribute, string | null>>;
}

/** The profile after an attributes update, and the segment memberships it gains and loses. */
export function applyAttributesUpdate(profile: CustomerProfile, update: AttributesUpdate) {
  const before = profile.segments ?? {};
  const after: Segments = { ...before };
  for (const attribute of segmentAttributes) {
    const value = update.segments?.[attribute];
    if (value === null) delete after[attribute];
    else if (value !== undefined) after[attribute] = value;
  }
  const changed = segmentAttributes.filter((attribute) => before[attribute] !== after[attribute]);
  const vipChanged = update.vip !== undefined && update.vip !== (profile.vip ?? false);
  const next: CustomerProfile = { ...profile, segments: after, ...(update.vip !== undefined ? { vip: update.vip } : {}) };
  return {
    next,
    changed: [...changed, ...(vipChanged ? ['vip' as const] : [])],
    left: changed.filter((a) => before[a] !== undefined).map((attribute) => ({ attribute, value: before[attribute]! })),
    joined: changed.filter((a) => after[a] !== undefined).map((attribute) => ({ attribute, value: after[attribute]! })),
  };
}

export interface Identities {
  emails: string[];
  phones: string[];
  externalIds: string[];
  social: { network: string; handle: string }[];
}

export function emptyIdentities(): Identities {
  return { emails: [], phones: [], externalIds: [], social: [] };
}

/** The identities of a profile as (kind, value) pairs: the keys of their identity items. */
export function identityList(identities: Identities): Identity[] {
  return [
    ...identities.externalIds.map((value) => ({ kind: 'externalId' as const, value })),
    ...identities.emails.map((value) => ({ kind: 'email' as const, value })),
    ...identities.phones.map((value) => ({ kind: 'phone' as const, value })),
    ...identities.social.map((s) => ({ kind: 'social' as const, value: `${s.network}:${s.handle}` })),
  ];
}

export function withIdentities(identities: Identities, added: readonly Identity[]): Identities {
  const next: Identities = {
    emails: [...identities.emails],
    phones: [...identities.phones],
    externalIds: [...identities.externalIds],
    social: [...identities.social],
  };
  const known = new Set(identityList(identities).map(identityKey));
  for (const identity of added) {
    if (known.has(identityKey(identity))) continue;
    known.add(identityKey(identity));
    if (identity.kind === 'email') next.emails.push(identity.value);
    else if (identity.kind === 'phone') next.phones.push(identity.value);
    else if (identity.kind === 'externalId') next.externalIds.push(identity.value);
    else {
      const [network = '', ...handle] = identity.value.split(':');
      next.social.push({ network, handle: handle.join(':') });
    }
  }
  return next;
}

export function identityKey(identity: Identity): string {
  return `${identity.kind}#${identity.value}`;
}

export function distinctKinds(identities: readonly Identity[]): IdentityKind[] {
  return [...new Set(identities.map((identity) => identity.kind))];
}

/**
 * The identities a customer offers that neither their identity provider vouches for (a verified
 * email or phone claim) nor their own profile already holds. A customer's word alone never
 * attaches an identity: otherwise anyone could claim a stranger's email before its owner's first
 * contact, and read that contact on their own timeline. The answer is the same whether or not the
 * identity belongs to someone else, so it reveals nothing about other profiles.
 */
export function unvouchedIdentities(offered: readonly Identity[], own: Identities | undefined, verified: { email?: string; phone?: string } = {}): Identity[] {
  const held = new Set(own ? identityList(own).map(identityKey) : []);
  return offered.filter((identity) => {
    if (identity.kind === 'email' && identity.value === verified.email) return false;
    if (identity.kind === 'phone' && identity.value === verified.phone) return false;
    return !held.has(identityKey(identity));
  });
}
