/**
 * Caller roles, read from the JWT (the claim named by the client config's `auth.roleClaim`).
 * - customer: the token's customer id claim is their customer id; they see only their own data.
 * - agent, supervisor: staff of the customer-care outsourcer.
 * - integration: telephony, IVR and chatbot platforms recording on behalf of customers.
 */
export const roles = ['customer', 'agent', 'supervisor', 'integration'] as const;
export type Role = (typeof roles)[number];

export const staffRoles: readonly Role[] = ['agent', 'supervisor', 'integration'];

/** Who is calling, as established by the gateway's JWT check and the role claim. */
export interface Principal {
  subject: string;
  roles: Role[];
  /** Set when the caller has the customer role: whose data they may see. */
  customerId?: string;
  /**
   * Contact details the identity provider verified (OIDC `email` with `email_verified: true`,
   * `phone_number` with `phone_number_verified: true`), normalised like identities.
   */
  verified?: { email?: string; phone?: string };
}

export function isStaff(principal: Principal): boolean {
  return principal.roles.some((role) => staffRoles.includes(role));
}
