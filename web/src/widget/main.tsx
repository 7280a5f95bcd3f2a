import { render } from 'preact';
import { useState } from 'preact/hooks';
import { createApiClient } from '../api/client';
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
 * `data-api`: the brand's API (default: where the script comes from); `data-locale`: the
 * customer's language (default: the page's `lang`); `data-flows`: the guided flows to offer;
 * `data-target`: an element to render into (default: a floating "Help" button).
 */
const script = document.currentScript as HTMLScriptElement | null;
const options = script?.dataset ?? {};
const apiUrl = options.api ?? (script?.src ? new URL(script.src).origin : location.origin);
const language = languageOf(options.locale ?? document.documentElement.lang);
const flowIds = (options.flows ?? '')
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean);
const api = createApiClient(apiUrl);
const session = sessionKeeper(api);
const text = words[language];

const style = document.createElement('style');
style.textContent = styles;
document.head.append(style);

const inline = options.target ? document.querySelector(options.target) : null;
const host = inline ?? document.body.appendChild(document.createElement('div'));
host.classList.add('sw-root');
if (!inline) host.classList.add('sw-floating');

function Floating() {
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

render(inline ? <Widget {...{ api, session, language, words: text, flowIds }} /> : <Floating />, host);
