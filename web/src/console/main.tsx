import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type Language, languageOf } from '../i18n';
import { styles } from '../desktop/styles';

/**
 * The local console (npm start only, never deployed): the events on the bus, each queue's depth,
 * in-flight and dead letters with a redrive button, and the webhooks the local receiver took
 * (verified or refused, and why), refreshed every two seconds, so a front-end developer sees the
 * whole loop without reading the terminal. It reads the runtime's `/_local/console`, not the API.
 */
interface ConsoleState {
  events: { id: string; time: string; source: string; detailType: string; detail: Record<string, unknown> }[];
  queues: { queue: string; waiting: number; inFlight: number; deadLetters: number }[];
  webhooks: {
    target: string;
    deliveryId: string;
    eventType: string;
    outcome: string;
    verified: boolean;
    reason?: string;
    status: number;
    receivedAt: string;
  }[];
}

const words = {
  en: {
    title: 'Local console',
    queues: 'Queues',
    queue: 'Queue',
    waiting: 'Waiting',
    inFlight: 'In flight',
    dead: 'Dead letters',
    redrive: (queue: string) => `Redrive ${queue}`,
    moved: (n: number, queue: string) => `${n} message(s) moved back to ${queue}.`,
    events: 'Events on the bus (newest first)',
    time: 'Time',
    type: 'Type',
    ids: 'Ids',
    webhooks: 'Webhooks received (newest first)',
    target: 'Target',
    outcome: 'Outcome',
    none: 'None yet.',
  },
  fr: {
    title: 'Console locale',
    queues: 'Files',
    queue: 'File',
    waiting: 'En attente',
    inFlight: 'En cours',
    dead: 'Lettres mortes',
    redrive: (queue: string) => `Renvoyer ${queue}`,
    moved: (n: number, queue: string) => `${n} message(s) renvoyé(s) dans ${queue}.`,
    events: 'Événements sur le bus (les plus récents d’abord)',
    time: 'Heure',
    type: 'Type',
    ids: 'Identifiants',
    webhooks: 'Webhooks reçus (les plus récents d’abord)',
    target: 'Cible',
    outcome: 'Résultat',
    none: 'Aucun pour l’instant.',
  },
} as const;

/** The ids an event carries (events carry ids and counts, never personal data). */
const idsOf = (detail: Record<string, unknown>) => {
  const data = (detail.data ?? {}) as Record<string, unknown>;
  return Object.entries(data)
    .filter(([key, value]) => key.endsWith('Id') && typeof value === 'string')
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
};

function Console() {
  const language: Language = languageOf(navigator.language);
  const t = words[language];
  const [state, setState] = useState<ConsoleState | undefined>();
  const [note, setNote] = useState('');
  const refresh = () =>
    fetch('/_local/console')
      .then((response) => response.json())
      .then(setState);
  useEffect(() => {
    document.documentElement.lang = language;
    refresh();
    const timer = setInterval(refresh, 2000);
    return () => clearInterval(timer);
  }, []);
  const redrive = async (queue: string) => {
    const { moved } = await (await fetch(`/_local/redrive?queue=${encodeURIComponent(queue)}`, { method: 'POST' })).json();
    setNote(t.moved(moved, queue));
    await refresh();
  };
  return (
    <>
      <header class="dk-header">
        <strong>{t.title}</strong>
      </header>
      <main class="dk-main">
        <section class="dk-card" aria-labelledby="c-queues">
          <h1 id="c-queues">{t.queues}</h1>
          {note && <p role="status">{note}</p>}
          <table class="c-table">
            <thead>
              <tr>
                <th scope="col">{t.queue}</th>
                <th scope="col">{t.waiting}</th>
                <th scope="col">{t.inFlight}</th>
                <th scope="col">{t.dead}</th>
                <th scope="col">
                  <span class="dk-visually-hidden">{t.redrive('')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state?.queues.map((q) => (
                <tr key={q.queue}>
                  <th scope="row">{q.queue}</th>
                  <td>{q.waiting}</td>
                  <td>{q.inFlight}</td>
                  <td>{q.deadLetters}</td>
                  <td>
                    {q.deadLetters > 0 && (
                      <button type="button" class="dk-button dk-secondary" onClick={() => redrive(q.queue)}>
                        {t.redrive(q.queue)}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="dk-card" aria-labelledby="c-events">
          <h1 id="c-events">{t.events}</h1>
          <table class="c-table">
            <thead>
              <tr>
                <th scope="col">{t.time}</th>
                <th scope="col">{t.type}</th>
                <th scope="col">{t.ids}</th>
              </tr>
            </thead>
            <tbody>
              {state?.events.map((event) => (
                <tr key={event.id}>
                  <td>{new Date(event.time).toLocaleTimeString()}</td>
                  <td>{event.detailType}</td>
                  <td class="c-ids">{idsOf(event.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {state?.events.length === 0 && <p>{t.none}</p>}
        </section>
        <section class="dk-card" aria-labelledby="c-webhooks">
          <h1 id="c-webhooks">{t.webhooks}</h1>
          <table class="c-table">
            <thead>
              <tr>
                <th scope="col">{t.time}</th>
                <th scope="col">{t.target}</th>
                <th scope="col">{t.type}</th>
                <th scope="col">{t.outcome}</th>
              </tr>
            </thead>
            <tbody>
              {state?.webhooks.map((w) => (
                <tr key={`${w.deliveryId}-${w.receivedAt}`}>
                  <td>{new Date(w.receivedAt).toLocaleTimeString()}</td>
                  <td>{w.target}</td>
                  <td>{w.eventType}</td>
                  <td>
                    {w.outcome} ({w.status}){w.reason ? `: ${w.reason}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {state?.webhooks.length === 0 && <p>{t.none}</p>}
        </section>
      </main>
    </>
  );
}

const style = document.createElement('style');
style.textContent = `${styles}
.dk-main { display: grid; gap: 20px; }
.c-table { border-collapse: collapse; width: 100%; }
.c-table th, .c-table td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #d5dbe3; vertical-align: top; }
.c-ids { font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; }`;
document.head.append(style);
render(<Console />, document.getElementById('app')!);
