import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Staff sign-in for the desktop and the supervisor view. Locally, the dev tokens of npm start per
 * role (`GET /_local/dev-tokens`, which only the local gateway answers); on AWS the client's IdP
 * (authorization code with PKCE). The token lives in this tab's sessionStorage, under `key`.
 */
export interface StaffSession {
  token: () => string | undefined;
  signIn: (token: string) => void;
  signOut: () => void;
}

export function staffSession(key: string): StaffSession {
  let token = sessionStorage.getItem(key) ?? undefined;
  return {
    token: () => token,
    signIn: (value) => {
      token = value;
      sessionStorage.setItem(key, value);
    },
    signOut: () => {
      token = undefined;
      sessionStorage.removeItem(key);
    },
  };
}

function SignIn(props: {
  apiUrl: string;
  roles: readonly string[];
  words: { signIn: string; signInLocal: string; signInAs: (role: string) => string };
  onToken: (token: string) => void;
}) {
  const { words } = props;
  const [tokens, setTokens] = useState<Record<string, string>>({});
  useEffect(() => {
    fetch(`${props.apiUrl}/_local/dev-tokens`)
      .then((response) => (response.ok ? response.json() : {}))
      .then(setTokens, () => setTokens({}));
  }, [props.apiUrl]);
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
  apiUrl: string;
  session: StaffSession;
  roles: readonly string[];
  title: string;
  language: 'fr' | 'en';
  onLanguage: (language: 'fr' | 'en') => void;
  words: { signIn: string; signInLocal: string; signInAs: (role: string) => string; signOut: string };
  children: ComponentChildren;
}) {
  const [signedIn, setSignedIn] = useState(props.session.token() !== undefined);
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
              props.session.signOut();
              setSignedIn(false);
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
            apiUrl={props.apiUrl}
            roles={props.roles}
            words={props.words}
            onToken={(token) => {
              props.session.signIn(token);
              setSignedIn(true);
            }}
          />
        )}
      </main>
    </>
  );
}
