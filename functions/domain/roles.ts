/**
 * Caller roles, read from the JWT (the claim named by the client config's `auth.roleClaim`).
 * - customer: the token's customer id claim is their customer id; they see only their own data.
 * - agent, supervisor: staff of the customer-care outsourcer.
 * - integration: telephony, IVR and chatbot platforms recording on behalf of customers.
 */
export const roles = ['customer', 'agent', 'supervisor', 'integration'] as const;
export type Role = (typeof roles)[number];

/** Everyone but the customer: the staff of the outsourcer and the platforms recording for customers. */
export const staffRoles: readonly Role[] = roles.filter((role) => role !== 'customer');

/** Who is calling, as established by the gateway's JWT check and the role claim. */
export interface Principal {
  subject: string;
  roles: Role[];
  /** Set when the caller has the customer role: whose data they may see. */
  customerId?: string;
  /**
   * Identities the identity provider vouches for (OIDC `email` with `email_verified`, `phone_number`
   * with `phone_number_verified`), normalised. A customer may put these on their profile; an
   * identity the token does not vouch for is never attached on a customer's word.
   */
  verified?: { email?: string; phone?: string };
}

export function isStaff(principal: Principal): boolean {
  return principal.roles.some((role) => staffRoles.includes(role));
}
