/**
 * Identity normalisation: the same person typed by two channels must produce the same key.
 * Pure functions, no I/O.
 */

export const identityKinds = ['email', 'phone', 'externalId', 'social'] as const;
export type IdentityKind = (typeof identityKinds)[number];

export interface IdentityInput {
  email?: string;
  phone?: string;
  externalId?: string;
  social?: { network: string; handle: string };
}

export interface Identity {
  kind: IdentityKind;
  /** The normalised value that identifies the person on that kind of channel. */
  value: string;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Accepts international numbers written the way people write them (`+33 6 12-34.56.78`,
 * `0033612345678`) and returns E.164 (`+33612345678`), or undefined. National formats without a
 * country code are refused rather than guessed.
 */
export function normalisePhone(phone: string): string | undefined {
  let digits = phone.trim().replace(/[\s.\-()/]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  return /^\+[1-9]\d{6,14}$/.test(digits) ? digits : undefined;
}

export function normaliseSocialHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** Identities in the order they are trusted when they point at different profiles. */
export function identitiesOf(input: IdentityInput): Identity[] {
  const identities: Identity[] = [];
  if (input.externalId) identities.push({ kind: 'externalId', value: input.externalId });
  if (input.email) identities.push({ kind: 'email', value: normaliseEmail(input.email) });
  if (input.phone) {
    const phone = normalisePhone(input.phone);
    if (phone) identities.push({ kind: 'phone', value: phone });
  }
  if (input.social) identities.push({ kind: 'social', value: `${input.social.network}:${normaliseSocialHandle(input.social.handle)}` });
  return identities;
}
