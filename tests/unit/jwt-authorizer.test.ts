import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CryptoKey, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DevKeys, issueDevToken, loadDevKeys, localAudience, localIssuer } from '../../local/dev-tokens';
import { jwtAuthorizer } from '../../local/jwt-authorizer';
import { demoConfig } from '../helpers/runtime';

/**
 * The local JWT authorizer against the checks API Gateway's developer guide lists
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html):
 * each test takes a token the authorizer accepts and breaks one thing.
 */
describe('Function: jwtAuthorizer', () => {
  let keys: DevKeys;
  let authorize: ReturnType<typeof jwtAuthorizer>;
  const now = () => Math.floor(Date.now() / 1000);

  const sign = (claims: JWTPayload, options: { header?: Record<string, unknown>; key?: CryptoKey; omit?: ('exp' | 'aud' | 'kid')[] } = {}) => {
    const payload: JWTPayload = { iss: localIssuer, aud: localAudience, sub: 'dev-agent', role: 'agent', iat: now(), exp: now() + 600, ...claims };
    for (const name of options.omit ?? []) if (name !== 'kid') delete payload[name];
    const header = { alg: 'RS256', ...(options.omit?.includes('kid') ? {} : { kid: keys.kid }), ...options.header };
    return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(options.key ?? keys.privateKey);
  };

  beforeAll(async () => {
    keys = await loadDevKeys();
    authorize = jwtAuthorizer({ jwks: keys.jwks, issuer: localIssuer, audience: [localAudience] });
  });

  it('accepts a well-formed token, alone or after Bearer', async () => {
    const token = await sign({});

    expect(await authorize(`Bearer ${token}`)).toMatchObject({ ok: true, claims: { sub: 'dev-agent' } });
    expect(await authorize(token)).toMatchObject({ ok: true });
  });

  it('refuses a token without exp, with exp now or past, nbf or iat in the future', async () => {
    const refused = [
      await sign({}, { omit: ['exp'] }),
      await sign({ exp: now() }),
      await sign({ exp: now() - 60 }),
      await sign({ nbf: now() + 60 }),
      await sign({ iat: now() + 60 }),
    ];

    for (const token of refused) expect(await authorize(`Bearer ${token}`)).toMatchObject({ ok: false, status: 401 });
    expect(await authorize(`Bearer ${await sign({ nbf: now() - 60 })}`)).toMatchObject({ ok: true });
  });

  it('refuses a token whose kid is missing or names no key of the JWKS', async () => {
    const noKid = await sign({}, { omit: ['kid'] });
    const otherKid = await sign({}, { header: { kid: 'another-key' } });

    expect(await authorize(`Bearer ${noKid}`)).toMatchObject({ ok: false, status: 401 });
    expect(await authorize(`Bearer ${otherKid}`)).toMatchObject({ ok: false, status: 401 });
  });

  it('accepts only RSA-based algorithms, even when the JWKS holds a key of another kind', async () => {
    // An issuer whose JWKS also lists an EC key: API Gateway still refuses ES256 tokens.
    const ec = await generateKeyPair('ES256', { extractable: true });
    const ecJwk: JWK = { ...(await exportJWK(ec.publicKey)), kid: 'ec-key', alg: 'ES256' };
    const mixed = jwtAuthorizer({ jwks: { keys: [...keys.jwks.keys, ecJwk] }, issuer: localIssuer, audience: [localAudience] });
    const es256 = await sign({}, { header: { alg: 'ES256', kid: 'ec-key' }, key: ec.privateKey });
    const hs256 = await new SignJWT({ iss: localIssuer, aud: localAudience, sub: 'x', exp: now() + 600 })
      .setProtectedHeader({ alg: 'HS256', kid: keys.kid })
      .sign(new TextEncoder().encode('a shared secret of at least 32 bytes!'));

    expect(await mixed(`Bearer ${es256}`)).toMatchObject({ ok: false, status: 401 });
    expect(await mixed(`Bearer ${hs256}`)).toMatchObject({ ok: false, status: 401 });
    expect(await mixed(`Bearer ${await sign({})}`)).toMatchObject({ ok: true });
  });

  it('checks iss, and aud or (only without aud) client_id against the configured audiences', async () => {
    const cases: [JWTPayload, ('aud' | 'exp')[], boolean][] = [
      [{ iss: 'https://another-idp.invalid' }, [], false],
      [{ aud: 'another-api' }, [], false],
      [{ aud: ['another-api', localAudience] }, [], true],
      // An access token (Cognito's): no aud, the client id in client_id.
      [{ client_id: localAudience }, ['aud'], true],
      [{ client_id: 'another-client' }, ['aud'], false],
      [{}, ['aud'], false],
      // With aud present, client_id is not read.
      [{ aud: 'another-api', client_id: localAudience }, [], false],
    ];

    for (const [claims, omit, accepted] of cases) {
      expect((await authorize(`Bearer ${await sign(claims, { omit })}`)).ok, JSON.stringify(claims)).toBe(accepted);
    }
  });

  it("requires at least one of the route's scopes, from scope or scp, with 403", async () => {
    const routeScopes = ['support/read', 'support/admin'];

    expect(await authorize(`Bearer ${await sign({})}`, routeScopes)).toMatchObject({ ok: false, status: 403 });
    expect(await authorize(`Bearer ${await sign({ scope: 'openid profile' })}`, routeScopes)).toMatchObject({ ok: false, status: 403 });
    expect(await authorize(`Bearer ${await sign({ scope: 'openid support/read' })}`, routeScopes)).toMatchObject({
      ok: true,
      scopes: ['openid', 'support/read'],
    });
    expect(await authorize(`Bearer ${await sign({ scp: ['support/admin'] })}`, routeScopes)).toMatchObject({ ok: true });
    expect(await authorize(`Bearer ${await sign({})}`, [])).toMatchObject({ ok: true });
  });

  it('refuses what is not a token', async () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer not.a.jwt', 'Basic dXNlcjpwYXNz', `Bearer ${await sign({})} extra`]) {
      expect(await authorize(header)).toMatchObject({ ok: false, status: 401 });
    }
  });
});

describe('Function: loadDevKeys', () => {
  const tempFile = () => join(mkdtempSync(join(tmpdir(), 'dev-keys-')), 'dev-jwt-key.json');

  it('signs dev tokens with RS256 and a kid that the JWKS lists, and keeps the key in its file', async () => {
    // Prepare
    const file = tempFile();
    const first = await loadDevKeys(file);

    // Act
    const again = await loadDevKeys(file);
    const token = await issueDevToken(again, demoConfig, { role: 'agent' });

    // Assess
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: first.kid });
    expect(again.jwks.keys.map((key) => key.kid)).toEqual([first.kid]);
    expect(again.jwks.keys[0]).not.toHaveProperty('d');
    const authorize = jwtAuthorizer({ jwks: first.jwks, issuer: localIssuer, audience: [localAudience] });
    expect(await authorize(`Bearer ${token}`)).toMatchObject({ ok: true });
  });

  it('replaces an ES256 key file of an older version, or an unreadable one, with an RS256 key', async () => {
    for (const old of [JSON.stringify(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), '{not json']) {
      // Prepare
      const file = tempFile();
      writeFileSync(file, old);

      // Act
      const keys = await loadDevKeys(file);

      // Assess
      const stored = JSON.parse(readFileSync(file, 'utf8')) as JWK;
      expect(stored).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: keys.kid });
      expect(decodeProtectedHeader(await issueDevToken(keys, demoConfig, { role: 'agent' })).alg).toBe('RS256');
    }
  });
});
