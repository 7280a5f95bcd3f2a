import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';

/**
 * What API Gateway's JWT authorizer (HTTP APIs) checks before a route's Lambda runs, as its
 * developer guide states it, "Control access to HTTP APIs with JWT authorizers in API Gateway":
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 *
 * 1. The identity source (the Authorization header) holds the token, alone or after `Bearer `.
 * 2. The token decodes.
 * 3. Its algorithm and signature check out against the issuer's JWKS: RSA-based algorithms only.
 * 4. Claims: `kid` (header) names a key of the JWKS; `iss` is the configured issuer; `aud`, or
 *    `client_id` when there is no `aud` (access tokens, e.g. Cognito's), is one of the configured
 *    audiences; `exp` is after now; `nbf` and `iat` are before now; `scope` or `scp` holds at
 *    least one of the route's authorization scopes, when the route has some.
 * Any step failing refuses the request: 401, or 403 when only the scopes are missing.
 */
export interface JwtAuthorizerSettings {
  /** The issuer's keys, as API Gateway fetches them from the `jwks_uri` of its discovery document. */
  jwks: JSONWebKeySet;
  issuer: string;
  audience: readonly string[];
}

export type Authorization = { ok: true; claims: JWTPayload; scopes: string[] } | { ok: false; status: 401 | 403; reason: string };

/** RSA-based JWS algorithms: PKCS#1 v1.5 and PSS. ES*, EdDSA, HS* and `none` are refused. */
export const rsaAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

export function jwtAuthorizer(settings: JwtAuthorizerSettings) {
  const keySet = createLocalJWKSet(settings.jwks);

  return async function authorize(authorization: string | undefined, routeScopes: readonly string[] = []): Promise<Authorization> {
    const token = /^(?:Bearer\s+)?([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) return refused('no token in the Authorization header');

    let claims: JWTPayload;
    try {
      // Without a kid, a one-key JWKS would still match: the authorizer requires the header.
      if (typeof decodeProtectedHeader(token).kid !== 'string') return refused('no kid in the token header');
      ({ payload: claims } = await jwtVerify(token, keySet, {
        algorithms: rsaAlgorithms,
        issuer: settings.issuer,
        requiredClaims: ['exp'],
        clockTolerance: 0,
      }));
    } catch (error) {
      return refused((error as Error).message);
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.iat === 'number' && claims.iat > now) return refused('iat is in the future');
    // API Gateway reads client_id only when the token has no aud.
    const audiences = claims.aud !== undefined ? [claims.aud].flat() : typeof claims.client_id === 'string' ? [claims.client_id] : [];
    if (!audiences.some((audience) => settings.audience.includes(audience))) return refused('neither aud nor client_id is a configured audience');

    const scopes = scopesOf(claims);
    if (routeScopes.length && !routeScopes.some((scope) => scopes.includes(scope))) {
      return { ok: false, status: 403, reason: `the token has none of the scopes ${routeScopes.join(', ')}` };
    }
    return { ok: true, claims, scopes };
  };
}

function refused(reason: string): Authorization {
  return { ok: false, status: 401, reason };
}

/** OAuth scopes: `scope` is space-separated (RFC 6749 §3.3); `scp` is a list or a space-separated string. */
function scopesOf(claims: JWTPayload): string[] {
  return [claims.scope, claims.scp]
    .flatMap((claim) => (Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? claim.split(' ') : []))
    .filter(Boolean);
}
