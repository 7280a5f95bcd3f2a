import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadPageConfig, type OidcSignIn } from '../auth/page-config';
import { beginSignIn, completeSignIn, keepToken, type SignInOptions, signOut, storedToken } from '../auth/pkce';

/**
 * Staff sign-in for the desktop and the supervisor view. The page's config.json (written at deploy
 * on AWS, answered by npm start locally) says how: on AWS the client's IdP or the Cognito user
 * pool (authorization code with PKCE, web/src/auth/pkce.ts); locally the dev tokens of npm start
 * per role (`GET /_local/dev-tokens`, which only the local gateway answers). The token lives in
 * this tab's sessionStorage under the screen's prefix.
 */
export interface StaffSession {
  apiUrl: string;
  token: () => string | undefined;
  /** The IdP sign-in, when config.json names one. */
  oidc: OidcSignIn | undefined;
  /** Why coming back from the IdP did not sign in, if it did not. */
  failure: string | undefined;
  /** Starts the IdP sign-in (leaves the page). */
  begin: () => Promise<void>;
  keep: (token: string) => void;
  /** Forgets the token; on AWS, then ends the IdP's session too. */
  end: () => void;
}

/** Reads config.json, completes a return from the IdP (?code=…&state=…, then dropped from the address bar). */
export async function startStaffSession(prefix: string): Promise<StaffSession> {
  const pageConfig = await loadPageConfig(location.href);
  // `?api=` still points a local build at another API.
  const apiUrl = new URLSearchParams(location.search).get('api') ?? pageConfig.apiUrl;
  const oidc = pageConfig.auth.kind === 'oidc' ? pageConfig.auth : undefined;
  const options: SignInOptions = { storage: sessionStorage, prefix, redirectUri: location.origin + location.pathname };
  let failure: string | undefined;
  if (oidc) {
    try {
      await completeSignIn(oidc, location.href, options);
    } catch (error) {
      failure = (error as Error).message;
    }
    const query = new URLSearchParams(location.search);
    if (query.has('code') || query.has('error')) history.replaceState(null, '', location.pathname + location.hash);
  }
  let token = storedToken(sessionStorage, prefix);
  return {
    apiUrl,
    oidc,
    failure,
    token: () => token,
    begin: async () => location.assign(await beginSignIn(oidc!, options)),
    keep: (value) => {
      token = value;
      keepToken(sessionStorage, prefix, value);
    },
    end: () => {
      token = undefined;
      const endSession = signOut(oidc, options);
      if (endSession) location.assign(endSession);
    },
  };
}

interface SignInWords {
  signIn: string;
  signInLocal: string;
  signInIdp: string;
  signInFailed: (reason: string) => string;
  signInAs: (role: string) => string;
}

function SignIn(props: { session: StaffSession; roles: readonly string[]; words: SignInWords; onToken: (token: string) => void }) {
  const { words, session } = props;
  if (session.oidc) {
    return (
      <section class="dk-card" aria-labelledby="dk-signin">
        <h1 id="dk-signin">{words.signIn}</h1>
        {session.failure && (
          <div class="dk-problem" role="alert">
            <p>{words.signInFailed(session.failure)}</p>
          </div>
        )}
        <p>{words.signInIdp}</p>
        <button type="button" class="dk-button" onClick={session.begin}>
          {words.signIn}
        </button>
      </section>
    );
  }
  return <DevTokenSignIn {...props} />;
}

function DevTokenSignIn(props: { session: StaffSession; roles: readonly string[]; words: SignInWords; onToken: (token: string) => void }) {
  const { words } = props;
  const [tokens, setTokens] = useState<Record<string, string>>({});
  useEffect(() => {
    fetch(`${props.session.apiUrl}/_local/dev-tokens`)
      .then((response) => (response.ok ? response.json() : {}))
      .then(setTokens, () => setTokens({}));
  }, [props.session.apiUrl]);
  return (
    <section class="dk-card" aria-labelledby="dk-signin">
      <h1 id="dk-signin">{words.signIn}</h1>
      <p>{words.signInLocal}</p>
      {props.roles.map((role) =>
        tokens[role] ? (
          <button key={role} type="button" class="dk-button" onClick={() => props.onToken(tokens[role]!)}>
            {words.signInAs(role)}
          </button>
        ) : null,
      )}
    </section>
  );
}

/**
 * A staff screen's frame: the header (title, language switch, sign-out once signed in) and, in
 * the main area, the sign-in until a token is there, then the screen itself.
 */
export function StaffShell(props: {
  session: StaffSession;
  roles: readonly string[];
  title: string;
  language: 'fr' | 'en';
  onLanguage: (language: 'fr' | 'en') => void;
  words: SignInWords & { signOut: string };
  children: ComponentChildren;
}) {
  const { session } = props;
  const [signedIn, setSignedIn] = useState(session.token() !== undefined);
  const other = props.language === 'fr' ? 'en' : 'fr';
  return (
    <>
      <header class="dk-header">
        <strong>{props.title}</strong>
        <span class="dk-spacer" />
        <button type="button" class="dk-link-light" onClick={() => props.onLanguage(other)} lang={other}>
          {other === 'en' ? 'English' : 'Français'}
        </button>
        {signedIn && (
          <button
            type="button"
            class="dk-link-light"
            onClick={() => {
              setSignedIn(false);
              session.end();
            }}
          >
            {props.words.signOut}
          </button>
        )}
      </header>
      <main class="dk-main">
        {signedIn ? (
          props.children
        ) : (
          <SignIn
            session={session}
            roles={props.roles}
            words={props.words}
            onToken={(token) => {
              session.keep(token);
              setSignedIn(true);
            }}
          />
        )}
      </main>
    </>
  );
}
