import { render } from 'preact';
import { useState } from 'preact/hooks';
import { type ApiClient, createApiClient } from '../api/client';
import { loadPageConfig } from '../auth/page-config';
import { languageOf, words } from '../i18n';
import { styles } from './styles';
import { sessionKeeper } from './session';
import { Widget } from './Widget';

/**
 * The embed: one script tag on a brand's page.
 *
 *   <script src="https://…/widget.js" data-api="https://api.…" data-locale="fr"
 *           data-flows="internet-box-down-fr" data-target="#help"></script>
 *
 * `data-api`: the brand's API (default: the `apiUrl` of the config.json next to the script, else
 * where the script comes from); `data-locale`: the
 * customer's language (default: the page's `lang`); `data-flows`: the guided flows to offer;
 * `data-target`: an element to render into (default: a floating "Help" button).
 */
const script = document.currentScript as HTMLScriptElement | null;
const options = script?.dataset ?? {};
const language = languageOf(options.locale ?? document.documentElement.lang);
const flowIds = (options.flows ?? '')
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean);
const text = words[language];

const style = document.createElement('style');
style.textContent = styles;
document.head.append(style);

const inline = options.target ? document.querySelector(options.target) : null;
const host = inline ?? document.body.appendChild(document.createElement('div'));
host.classList.add('sw-root');
if (!inline) host.classList.add('sw-floating');

function Floating({ api, session }: { api: ApiClient; session: ReturnType<typeof sessionKeeper> }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {open && <Widget {...{ api, session, language, words: text, flowIds }} />}
      <button type="button" class="sw-launcher" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? text.close : text.help}
      </button>
    </>
  );
}

/**
 * Without data-api: the apiUrl of the config.json next to the script (the stack writes it there;
 * npm start answers it), else the script's own origin. Async: an IIFE bundle has no top-level await.
 */
async function start() {
  const api = createApiClient(options.api ?? (await loadPageConfig(script?.src || location.href)).apiUrl);
  const session = sessionKeeper(api);
  render(inline ? <Widget {...{ api, session, language, words: text, flowIds }} /> : <Floating api={api} session={session} />, host);
}
void start();
