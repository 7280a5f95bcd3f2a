import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, type CryptoKey, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type JWTPayload, SignJWT } from 'jose';
import type { ClientConfig } from '../lib/config/client-config';
import type { Role } from '../functions/domain/roles';

/**
 * The local identity provider: an RS256 key pair kept under `.local/` (so tokens survive a
 * restart of `npm start`), its JWKS, and tokens signed with it. RS256 because API Gateway's JWT
 * authorizer only accepts RSA-based algorithms; the key has a `kid` because the authorizer picks
 * the JWKS key by the token's `kid` header. What the gateway checks is in ./jwt-authorizer.ts.
 */
export const localIssuer = 'https://local-idp.invalid/support';
export const localAudience = 'support-api-local';
const algorithm = 'RS256';

export interface DevKeys {
  privateKey: CryptoKey;
  /** The key id: every dev token names it in its `kid` header, and the JWKS lists it. */
  kid: string;
  /** The issuer's JWKS (public key only), as API Gateway fetches it from the issuer's `jwks_uri`. */
  jwks: JSONWebKeySet;
}

/**
 * Loads the dev key pair from `file`, creating it on first use; without a file, a fresh in-memory
 * pair. A file from an older version (an ES256 key, no `kid`) or one that cannot be read is
 * replaced by a new RS256 key: tokens signed with the old key were refused by the gateway anyway.
 */
export async function loadDevKeys(file?: string): Promise<DevKeys> {
  const stored = file && existsSync(file) ? readStoredKey(file) : undefined;
  if (stored) return devKeysOf(stored);
  if (file && existsSync(file)) console.error(`${file}: not an ${algorithm} dev key (an older version's?); replaced by a new one, issue new tokens`);
  const { privateKey } = await generateKeyPair(algorithm, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const privateJwk: JWK = { ...jwk, alg: algorithm, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  return devKeysOf(privateJwk);
}

function readStoredKey(file: string): JWK | undefined {
  try {
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    return jwk.kty === 'RSA' && jwk.alg === algorithm && typeof jwk.kid === 'string' && typeof jwk.d === 'string' ? jwk : undefined;
  } catch {
    return undefined;
  }
}

async function devKeysOf(privateJwk: JWK): Promise<DevKeys> {
  const { kty, n, e, kid, alg, use } = privateJwk;
  return {
    privateKey: (await importJWK(privateJwk, algorithm)) as CryptoKey,
    kid: kid ?? '',
    jwks: { keys: [{ kty, n, e, kid, alg, use } as JWK] },
  };
}

export interface TokenRequest {
  role: Role;
  /** For the customer role: the customer id the token acts as. */
  customerId?: string;
  subject?: string;
  /** A jose time span: '8h' (default), or '-1h' for an already expired token. */
  expiresIn?: string;
  /** Defaults to the local audience; anything else is refused by the gateway (tests use it). */
  audience?: string;
  /** More claims, as the IdP would add them (e.g. a verified `email` with `email_verified: true`). */
  claims?: JWTPayload;
}

/** A token shaped like the client's IdP would issue: the role in the config's role claim. */
export async function issueDevToken(keys: DevKeys, config: ClientConfig, request: TokenRequest): Promise<string> {
  const subject = request.subject ?? (request.role === 'customer' && request.customerId ? request.customerId : `dev-${request.role}`);
  const { roleClaim, customerIdClaim } = config.auth;
  const claims: JWTPayload = {
    ...request.claims,
    [roleClaim]: roleClaim === 'roles' || roleClaim === 'cognito:groups' ? [request.role] : request.role,
    ...(request.customerId && customerIdClaim !== 'sub' ? { [customerIdClaim]: request.customerId } : {}),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: algorithm, kid: keys.kid, typ: 'JWT' })
    .setIssuer(localIssuer)
    .setAudience(request.audience ?? localAudience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(keys.privateKey);
}
