import type { OidcSignIn } from './page-config';

/**
 * Agent sign-in with the authorization code and PKCE (RFC 7636, S256), for the pages a browser
 * runs: no client secret, the code verifier never leaves the tab, a random `state` ties the
 * IdP's answer to the request this tab made. The token is kept in `sessionStorage` (the tab,
 * gone when it closes; never localStorage, which every tab and later visit would share).
 * Plain WebCrypto and fetch, no library: the unit tests run it in Node as is.
 */

/** What the module keeps: sessionStorage in the pages, a map in the tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Why a sign-in did not complete: the screen says so, and offers to sign in again. */
export class SignInError extends Error {
  constructor(
    readonly reason: 'state-mismatch' | 'refused' | 'token-endpoint',
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

const pendingKey = (prefix: string) => `${prefix}-sign-in`;
const tokenKey = (prefix: string) => `${prefix}-token`;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

/** A code verifier: 32 random bytes, 43 characters of base64url (RFC 7636 §4.1). */
export function createCodeVerifier(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge: base64url(SHA-256(verifier)) (RFC 7636 §4.2). */
export async function codeChallengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export interface SignInOptions {
  storage: KeyValueStore;
  /** The page itself (origin and path): a callback URL the IdP knows. */
  redirectUri: string;
  /** Keys in the storage are `<prefix>-token` and `<prefix>-sign-in` (a page's own, e.g. `desktop`). */
  prefix: string;
}

/**
 * Starts a sign-in: keeps a new verifier and state in the tab and returns the authorization URL
 * to send the browser to (code, S256 challenge, state, the scopes).
 */
export async function beginSignIn(settings: OidcSignIn, options: SignInOptions): Promise<string> {
  const verifier = createCodeVerifier();
  const state = createCodeVerifier();
  options.storage.setItem(pendingKey(options.prefix), JSON.stringify({ verifier, state }));
  const url = new URL(settings.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: options.redirectUri,
    scope: settings.scopes.join(' '),
    state,
    code_challenge: await codeChallengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/**
 * Completes a sign-in when the page is the IdP's answer (`?code=…&state=…`, or `?error=…`):
 * checks the state against the one this tab kept, exchanges the code with the verifier at the
 * token endpoint, keeps the access token and returns it. Not an answer: undefined. The verifier
 * is used once, whatever happens. The caller then drops the query from the address bar.
 */
export async function completeSignIn(settings: OidcSignIn, currentUrl: string, options: SignInOptions & { fetch?: typeof fetch }): Promise<string | undefined> {
  const query = new URL(currentUrl).searchParams;
  const code = query.get('code');
  const error = query.get('error');
  if (!code && !error) return undefined;
  const pending = options.storage.getItem(pendingKey(options.prefix));
  options.storage.removeItem(pendingKey(options.prefix));
  const { verifier, state } = pending ? (JSON.parse(pending) as { verifier: string; state: string }) : { verifier: '', state: undefined };
  if (!state || query.get('state') !== state) throw new SignInError('state-mismatch', 'This sign-in answer was not requested by this tab.');
  if (error) throw new SignInError('refused', query.get('error_description') ?? error);
  const response = await (options.fetch ?? fetch)(settings.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: options.redirectUri,
      client_id: settings.clientId,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: string; error_description?: string };
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new SignInError('token-endpoint', body.error_description ?? body.error ?? `The token endpoint answered ${response.status}.`);
  }
  options.storage.setItem(tokenKey(options.prefix), body.access_token);
  return body.access_token;
}

/** The token this tab signed in with, if any. */
export function storedToken(storage: KeyValueStore, prefix: string): string | undefined {
  return storage.getItem(tokenKey(prefix)) ?? undefined;
}

/** Keeps a token obtained otherwise (the local dev tokens). */
export function keepToken(storage: KeyValueStore, prefix: string, token: string): void {
  storage.setItem(tokenKey(prefix), token);
}

/**
 * Signs out: forgets the token, and returns where to send the browser to end the IdP's session
 * too (Cognito's /logout reads `logout_uri`, OpenID Connect's `post_logout_redirect_uri`), or
 * undefined when the sign-in has no such endpoint.
 */
export function signOut(settings: OidcSignIn | undefined, options: SignInOptions): string | undefined {
  options.storage.removeItem(tokenKey(options.prefix));
  options.storage.removeItem(pendingKey(options.prefix));
  if (!settings?.endSessionEndpoint) return undefined;
  const url = new URL(settings.endSessionEndpoint);
  url.search = new URLSearchParams({ client_id: settings.clientId, logout_uri: options.redirectUri, post_logout_redirect_uri: options.redirectUri }).toString();
  return url.toString();
}
