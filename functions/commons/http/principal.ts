import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { normaliseEmail, normalisePhone } from '../../domain/identities';
import { type Principal, type Role, roles } from '../../domain/roles';

/**
 * Reads the caller from the claims the JWT authorizer verified. API Gateway HTTP APIs flatten
 * array claims into a string such as `[agent supervisor]`, so both shapes are accepted.
 */
export function principalFromClaims(
  claims: Record<string, unknown> | undefined,
  options: { roleClaim: string; customerIdClaim: string },
): Principal | undefined {
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const callerRoles = claimValues(claims[options.roleClaim]).filter((value): value is Role =>
    (roles as readonly string[]).includes(value),
  );
  const customerId = claims[options.customerIdClaim];
  const verified = verifiedContacts(claims);
  return {
    subject: claims.sub,
    roles: callerRoles,
    ...(callerRoles.includes('customer') && typeof customerId === 'string' ? { customerId } : {}),
    ...(verified ? { verified } : {}),
  };
}

/**
 * The standard OIDC claims, kept only when the IdP says it verified them. API Gateway passes
 * claims as strings, so `"true"` counts as true.
 */
function verifiedContacts(claims: Record<string, unknown>): Principal['verified'] {
  const isTrue = (claim: unknown) => claim === true || claim === 'true';
  const email = typeof claims.email === 'string' && isTrue(claims.email_verified) ? normaliseEmail(claims.email) : undefined;
  const phone = typeof claims.phone_number === 'string' && isTrue(claims.phone_number_verified) ? normalisePhone(claims.phone_number) : undefined;
  if (!email && !phone) return undefined;
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

function claimValues(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  const trimmed = claim.trim();
  const list = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return list.split(/[\s,]+/).filter(Boolean);
}

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
