import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT, jwtVerify, type JWTPayload, type CryptoKey } from 'jose';
import type { ClientConfig } from '../lib/config/client-config';
import type { Role } from '../functions/domain/roles';

/**
 * The local identity provider: an ES256 key pair kept under `.local/` (so tokens survive a
 * restart of `npm start`), tokens signed with it, and the verification the API Gateway JWT
 * authorizer performs (signature, issuer, audience, expiry).
 */
export const localIssuer = 'https://local-idp.invalid/support';
export const localAudience = 'support-api-local';
const algorithm = 'ES256';

export interface DevKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Loads the dev key pair from `file`, creating it on first use; without a file, a fresh in-memory pair. */
export async function loadDevKeys(file?: string): Promise<DevKeys> {
  if (file && existsSync(file)) {
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    const { d: _private, ...publicJwk } = jwk;
    return {
      privateKey: (await importJWK(jwk, algorithm)) as CryptoKey,
      publicKey: (await importJWK(publicJwk, algorithm)) as CryptoKey,
    };
  }
  const pair = await generateKeyPair(algorithm, { extractable: true });
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(await exportJWK(pair.privateKey)), { mode: 0o600 });
  }
  return pair;
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
  /** More claims, as the IdP would add them (e.g. OIDC `phone_number` and `phone_number_verified`). */
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
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .setIssuer(localIssuer)
    .setAudience(request.audience ?? localAudience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(keys.privateKey);
}

/** What the HTTP API JWT authorizer checks; throws when the token must be refused. */
export async function verifyDevToken(keys: DevKeys, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, keys.publicKey, { issuer: localIssuer, audience: localAudience, algorithms: [algorithm] });
  return payload;
}
