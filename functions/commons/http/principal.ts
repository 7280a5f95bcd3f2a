import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { normaliseEmail, normalisePhone } from '../../domain/identities';
import { CustomerId, Subject } from '../../domain/ids';
import { type Principal, type Role, roles } from '../../domain/roles';
import { problems } from './problem';

/**
 * Reads the caller from the claims the JWT authorizer verified. API Gateway HTTP APIs flatten
 * array claims into a string such as `[agent supervisor]`, so both shapes are accepted.
 *
 * The authorizer checks the signature, not what the claims hold, and both become keys and
 * events here: a subject that is not a usable id is refused with 401 (the token does not say who
 * is calling), a customer id claim that is not a customer id with 403 naming the claim (a profile
 * `x#PROFILE` or `../x` would be one no route can reach).
 */
export function principalFromClaims(claims: Record<string, unknown> | undefined, options: { roleClaim: string; customerIdClaim: string }): Principal {
  if (!claims || typeof claims.sub !== 'string') throw problems.unauthorized('The token has no subject (sub claim).');
  if (!Subject.safeParse(claims.sub).success) {
    throw problems.unauthorized('The token subject (sub claim) is not usable: letters, digits and _.:@|+=~- only, at most 255 characters.');
  }
  const callerRoles = claimValues(claims[options.roleClaim]).filter((value): value is Role => (roles as readonly string[]).includes(value));
  const customerId = claims[options.customerIdClaim];
  if (callerRoles.includes('customer') && customerId !== undefined && !CustomerId.safeParse(customerId).success) {
    const detail = `The token's customer id claim (${options.customerIdClaim}) is not a customer id: letters, digits and _.:@- only, at most 100 characters.`;
    throw problems.forbidden(detail, options.customerIdClaim);
  }
  const verified = verifiedIdentities(claims);
  return {
    subject: claims.sub,
    roles: callerRoles,
    ...(callerRoles.includes('customer') && typeof customerId === 'string' ? { customerId } : {}),
    ...(Object.keys(verified).length ? { verified } : {}),
  };
}

/**
 * The standard OIDC claims for a verified email and phone (Cognito, Auth0, Entra ID and Keycloak
 * all issue them). API Gateway passes booleans as the strings "true"/"false".
 */
function verifiedIdentities(claims: Record<string, unknown>): NonNullable<Principal['verified']> {
  const isTrue = (value: unknown) => value === true || value === 'true';
  const email = typeof claims.email === 'string' && isTrue(claims.email_verified) ? normaliseEmail(claims.email) : undefined;
  const phone = typeof claims.phone_number === 'string' && isTrue(claims.phone_number_verified) ? normalisePhone(claims.phone_number) : undefined;
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
