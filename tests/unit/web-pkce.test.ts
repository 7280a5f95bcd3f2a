import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcSignIn } from '../../web/src/auth/page-config';
import { beginSignIn, codeChallengeOf, completeSignIn, createCodeVerifier, SignInError, signOut, storedToken } from '../../web/src/auth/pkce';

/** sessionStorage's shape over a map. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('Module: web/src/auth/pkce', () => {
  // A token endpoint on a real socket: it records each form it was posted and answers a token
  // only when the verifier matches the challenge of the authorization request.
  let server: Server;
  let settings: OidcSignIn;
  const posted: URLSearchParams[] = [];
  let expectedChallenge = '';

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      posted.push(form);
      const ok =
        req.headers['content-type'] === 'application/x-www-form-urlencoded' && (await codeChallengeOf(form.get('code_verifier') ?? '')) === expectedChallenge;
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok ? { access_token: `token-for-${form.get('code')}`, token_type: 'Bearer' } : { error: 'invalid_grant', error_description: 'PKCE check failed' },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    settings = {
      kind: 'oidc',
      authorizationEndpoint: 'https://idp.example/oauth2/authorize',
      tokenEndpoint: `http://127.0.0.1:${port}/oauth2/token`,
      endSessionEndpoint: 'https://idp.example/logout',
      clientId: 'pages',
      scopes: ['openid', 'email'],
    };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const options = (storage = memoryStorage()) => ({ storage, prefix: 'desktop', redirectUri: 'https://help.example/desktop.html' });

  it("computes RFC 7636's S256 example, and 43-character random verifiers", async () => {
    // Act
    const challenge = await codeChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    const verifiers = [createCodeVerifier(), createCodeVerifier()];

    // Assess
    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifiers[0]).not.toBe(verifiers[1]);
  });

  it('sends the browser to the authorize URL with the S256 challenge of the verifier it keeps, and a state', async () => {
    // Prepare
    const storage = memoryStorage();

    // Act
    const url = new URL(await beginSignIn(settings, options(storage)));
    const pending = JSON.parse(storage.getItem('desktop-sign-in')!);

    // Assess
    expect(url.origin + url.pathname).toBe(settings.authorizationEndpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'pages',
      redirect_uri: 'https://help.example/desktop.html',
      scope: 'openid email',
      state: pending.state,
      code_challenge: await codeChallengeOf(pending.verifier),
      code_challenge_method: 'S256',
    });
    expect(pending.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('exchanges the code with the verifier at the token endpoint and keeps the access token in the tab', async () => {
    // Prepare
    const storage = memoryStorage();
    const authorize = new URL(await beginSignIn(settings, options(storage)));
    expectedChallenge = authorize.searchParams.get('code_challenge')!;

    // Act
    const token = await completeSignIn(settings, `https://help.example/desktop.html?code=abc&state=${authorize.searchParams.get('state')}`, options(storage));

    // Assess
    expect(token).toBe('token-for-abc');
    expect(storedToken(storage, 'desktop')).toBe('token-for-abc');
    expect(Object.fromEntries(posted.at(-1)!)).toEqual({
      grant_type: 'authorization_code',
      code: 'abc',
      redirect_uri: 'https://help.example/desktop.html',
      client_id: 'pages',
      code_verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(storage.getItem('desktop-sign-in')).toBeNull(); // a verifier serves once
  });

  it('refuses an answer whose state this tab did not send, without calling the token endpoint', async () => {
    // Prepare
    const storage = memoryStorage();
    await beginSignIn(settings, options(storage));
    const calls = posted.length;

    // Act
    const forged = completeSignIn(settings, 'https://help.example/desktop.html?code=stolen&state=another', options(storage));
    const unrequested = completeSignIn(settings, 'https://help.example/desktop.html?code=stolen&state=x', options(memoryStorage()));

    // Assess
    await expect(forged).rejects.toMatchObject({ name: 'SignInError', reason: 'state-mismatch' });
    await expect(unrequested).rejects.toBeInstanceOf(SignInError);
    expect(posted.length).toBe(calls);
    expect(storedToken(storage, 'desktop')).toBeUndefined();
  });

  it("reports the IdP's refusal and the token endpoint's error, and ignores a page that is no answer", async () => {
    // Prepare
    const storage = memoryStorage();
    const state = new URL(await beginSignIn(settings, options(storage))).searchParams.get('state');
    const again = memoryStorage();
    const stateAgain = new URL(await beginSignIn(settings, options(again))).searchParams.get('state');
    expectedChallenge = 'not-this-one';

    // Act
    const refused = completeSignIn(settings, `https://help.example/desktop.html?error=access_denied&state=${state}`, options(storage));
    const badGrant = completeSignIn(settings, `https://help.example/desktop.html?code=abc&state=${stateAgain}`, options(again));
    const plain = await completeSignIn(settings, 'https://help.example/desktop.html#/case/1', options(memoryStorage()));

    // Assess
    await expect(refused).rejects.toMatchObject({ reason: 'refused', message: 'access_denied' });
    await expect(badGrant).rejects.toMatchObject({ reason: 'token-endpoint', message: 'PKCE check failed' });
    expect(plain).toBeUndefined();
  });

  it("signs out: forgets the token and returns the IdP's logout URL back to the page", () => {
    // Prepare
    const storage = memoryStorage();
    storage.setItem('desktop-token', 'abc');

    // Act
    const url = new URL(signOut(settings, options(storage))!);
    const local = signOut(undefined, options(storage));

    // Assess
    expect(storedToken(storage, 'desktop')).toBeUndefined();
    expect(url.origin + url.pathname).toBe('https://idp.example/logout');
    expect(url.searchParams.get('client_id')).toBe('pages');
    expect(url.searchParams.get('logout_uri')).toBe('https://help.example/desktop.html');
    expect(local).toBeUndefined();
  });
});
