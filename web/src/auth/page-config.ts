/**
 * What a page reads from `config.json` next to it when it starts: where the API is and how agents
 * sign in. On AWS the stack writes it at deploy (lib/stack/constructs/front-ends.ts: the API URL
 * and the user pool's or IdP's endpoints); locally the gateway answers it (dev tokens), so the same
 * code path runs in both. One definition: the stack and the local runtime import this type.
 */
export interface PageConfig {
  /** The HTTP API's base URL. */
  apiUrl: string;
  auth: DevTokenSignIn | OidcSignIn;
}

/** Local only: the dev token of a staff role, from npm start's `GET /_local/dev-tokens`. */
export interface DevTokenSignIn {
  kind: 'dev-tokens';
}

/** Authorization code with PKCE (RFC 7636, S256) at the user pool's or the client's IdP. */
export interface OidcSignIn {
  kind: 'oidc';
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** Where sign-out sends the browser (Cognito's /logout, the IdP's end_session_endpoint); absent: sign-out is local. */
  endSessionEndpoint?: string;
  /** The pages' public client: no secret, PKCE instead. */
  clientId: string;
  scopes: string[];
}

/**
 * Reads `config.json` next to the page. A page opened without one (a build served by hand) falls
 * back to the API at its own origin with the dev-token sign-in.
 */
export async function loadPageConfig(base: string, fetchImpl: typeof fetch = fetch): Promise<PageConfig> {
  try {
    const response = await fetchImpl(new URL('config.json', base), { cache: 'no-store' });
    if (response.ok) return (await response.json()) as PageConfig;
  } catch {
    // No config.json: the fallback below.
  }
  return { apiUrl: new URL(base).origin, auth: { kind: 'dev-tokens' } };
}
