import type { JSX } from 'preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type ApiClient, createApiClient, type Problem, problemOf } from '../api/client';
import type { components } from '../api/schema';
import { type Language, languageOf } from '../i18n';
import { type DesktopWords, desktopWords } from './words';
import { styles } from './styles';
import { ProblemBox as SharedProblemBox } from '../staff/problem-box';
import { StaffShell, startStaffSession } from '../staff/sign-in';
import { CaseList } from './case-list';

type Context = components['schemas']['CaseContext'];
type TimelineEntry = components['schemas']['TimelineEntry'];
type Channel = components['schemas']['Interaction']['channel'];

/**
 * The agent desktop: sign in, the case list, the queues with their depth and wait, find a customer by email,
 * phone or reference, their timeline (paged), and a case with its handoff context (what was
 * already tried first), to reply, escalate or resolve. Public API only, through the typed client.
 * Routes are the URL's hash (#/customer/<id>, #/case/<id>), so a case can be linked.
 */
const session = await startStaffSession('desktop');
const api = createApiClient(session.apiUrl, session.token);

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

function App() {
  const [language, setLanguage] = useState<Language>(languageOf(sessionStorage.getItem('desktop-language') ?? navigator.language));
  const words = desktopWords[language];
  const hash = useHash();
  useEffect(() => {
    document.documentElement.lang = language;
    sessionStorage.setItem('desktop-language', language);
  }, [language]);
  const [, route, id] = /^#\/(customer|case)\/(.+)$/.exec(hash) ?? [];

  return (
    <StaffShell session={session} roles={['agent', 'supervisor']} title={words.title} language={language} onLanguage={setLanguage} words={words}>
      {!route && <Home api={api} words={words} language={language} />}
      {route === 'customer' && id && <CustomerView api={api} words={words} customerId={id} />}
      {route === 'case' && id && <CaseView api={api} words={words} caseId={id} />}
    </StaffShell>
  );
}

function Home({ api, words, language }: { api: ApiClient; words: DesktopWords; language: Language }) {
  return (
    <div class="dk-grid">
      <CaseList api={api} words={words} language={language} />
      <Queues api={api} words={words} />
      <FindCustomer api={api} words={words} />
    </div>
  );
}

function Queues({ api, words }: { api: ApiClient; words: DesktopWords }) {
  const [status, setStatus] = useState<components['schemas']['QueueStatuses'] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  useEffect(() => {
    api.GET('/queues').then(({ data, error, response }) => (data ? setStatus(data) : setProblem(problemOf(error, response))));
  }, []);
  return (
    <section class="dk-card" aria-labelledby="dk-queues">
      <h1 id="dk-queues">{words.queues}</h1>
      <ProblemBox problem={problem} words={words} />
      <ul class="dk-list">
        {status?.queues.map((queue) => (
          <li key={queue.queue}>
            <strong>{queue.queue}</strong> ({queue.team}): {queue.depth} {words.depth}, {queue.inFlight} {words.inFlight},{' '}
            {words.wait(queue.estimatedWaitSeconds)}
          </li>
        ))}
      </ul>
    </section>
  );
}

const identityKinds = ['email', 'phone', 'externalId'] as const;

function FindCustomer({ api, words }: { api: ApiClient; words: DesktopWords }) {
  const [kind, setKind] = useState<(typeof identityKinds)[number]>('phone');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const submit = async (e: Event) => {
    e.preventDefault();
    const { data, error, response } = await api.GET('/customers', { params: { query: { [kind]: value.trim() } } });
    if (data) location.hash = `#/customer/${data.customerId}`;
    else setProblem(response.status === 404 ? { status: 404, title: words.notFound } : problemOf(error, response));
  };
  return (
    <section class="dk-card" aria-labelledby="dk-find">
      <h1 id="dk-find">{words.find}</h1>
      <form onSubmit={submit}>
        <label class="dk-label" for="dk-kind">
          {words.findBy}
        </label>
        <select id="dk-kind" class="dk-input" value={kind} onChange={(e) => setKind(e.currentTarget.value as typeof kind)}>
          {identityKinds.map((k) => (
            <option key={k} value={k}>
              {words[k]}
            </option>
          ))}
        </select>
        <label class="dk-label" for="dk-value">
          {words.value}
        </label>
        <input id="dk-value" class="dk-input" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        <ProblemBox problem={problem} words={words} />
        <button type="submit" class="dk-button">
          {words.search}
        </button>
      </form>
    </section>
  );
}

function CustomerView({ api, words, customerId }: { api: ApiClient; words: DesktopWords; customerId: string }) {
  const [items, setItems] = useState<TimelineEntry[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const load = async (after?: string) => {
    const { data, error, response } = await api.GET('/customers/{customerId}/timeline', {
      params: { path: { customerId }, query: { limit: 20, ...(after ? { cursor: after } : {}) } },
    });
    if (!data) return setProblem(problemOf(error, response));
    setItems((before) => (after ? [...before, ...data.items] : data.items));
    setCursor(data.nextCursor);
  };
  useEffect(() => void load(), [customerId]);
  return (
    <section class="dk-card" aria-labelledby="dk-timeline">
      <a href="#/" class="dk-link">
        ← {words.back}
      </a>
      <h1 id="dk-timeline">
        {words.timeline} · {customerId}
      </h1>
      <ProblemBox problem={problem} words={words} />
      <ol class="dk-list">
        {items.map((entry, index) => (
          <li key={index}>
            <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time> — {describe(entry, words)}
          </li>
        ))}
      </ol>
      {cursor && (
        <button type="button" class="dk-button dk-secondary" onClick={() => load(cursor)}>
          {words.more}
        </button>
      )}
    </section>
  );
}

/**
 * An "already tried" line in the agent's language, built from the entry's fields; a flow step is
 * the flow's own words (the customer's language), as the API's summary gives it.
 */
function triedLine(entry: NonNullable<Context['alreadyTried']>[number], words: DesktopWords): string {
  const t = words.tried;
  const title = entry.articleTitle ?? t.article(entry.articleId ?? '');
  if (entry.kind === 'article_viewed') return t.read(title);
  if (entry.kind === 'article_voted') return t.voted(title, entry.helpful ?? false, entry.reason);
  if (entry.kind === 'search_without_result' && entry.query !== undefined) return t.searched(entry.query);
  if (entry.kind === 'said' && entry.actions)
    return t.said(
      entry.actions.map((action) => t.actions[action] ?? action),
      entry.channel ?? '',
    );
  return entry.summary;
}

function describe(entry: TimelineEntry, words: DesktopWords): JSX.Element | string {
  if (entry.type === 'case')
    return (
      <a class="dk-link" href={`#/case/${entry.case.caseId}`}>
        {words.caseTitle(entry.case.subject)} ({entry.case.status})
      </a>
    );
  if (entry.type === 'interaction') return `${entry.interaction.channel} ${entry.interaction.direction}: ${entry.interaction.text ?? ''}`;
  if (entry.type === 'callback') return `callback ${entry.callback.status}`;
  if (entry.type === 'notification') return `notification ${entry.notification.status}`;
  return '';
}

function CaseView({ api, words, caseId }: { api: ApiClient; words: DesktopWords; caseId: string }) {
  const [context, setContext] = useState<Context | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [note, setNote] = useState('');
  const [reply, setReply] = useState('');
  const [reason, setReason] = useState('');
  const [channel, setChannel] = useState<Channel | undefined>();
  const load = async () => {
    const { data, error, response } = await api.GET('/cases/{caseId}/context', { params: { path: { caseId } } });
    if (!data) return setProblem(problemOf(error, response));
    setContext(data);
    setChannel((current) => current ?? data.case.channel ?? data.summary.lastChannel);
  };
  useEffect(() => void load(), [caseId]);
  const after = async (result: { error?: unknown; response: Response }) => {
    if (result.error !== undefined) return setProblem(problemOf(result.error, result.response));
    setProblem(undefined);
    setNote(words.done);
    await load();
  };
  if (!context) return <ProblemBox problem={problem} words={words} />;
  const supportCase = context.case;
  return (
    <div class="dk-grid">
      <section class="dk-card dk-wide" aria-labelledby="dk-case">
        <a href={`#/customer/${supportCase.customerId}`} class="dk-link">
          ← {words.timeline}
        </a>
        <h1 id="dk-case">{words.caseTitle(supportCase.subject)}</h1>
        <p>
          {words.status}: <strong>{supportCase.status}</strong> · {supportCase.priority}
          {supportCase.escalation ? ` · ${supportCase.escalation.queue} (${supportCase.escalation.status})` : ''}
        </p>
        <h2>{words.alreadyTried}</h2>
        {context.alreadyTried?.length ? (
          <ol class="dk-list dk-tried">
            {context.alreadyTried.map((entry, index) => (
              <li key={index}>
                <time dateTime={entry.at}>{new Date(entry.at).toLocaleTimeString()}</time> {triedLine(entry, words)}
              </li>
            ))}
          </ol>
        ) : (
          <p>{words.nothingTried}</p>
        )}
        {context.incidents.length > 0 && (
          <>
            <h2>{words.incidents}</h2>
            <ul class="dk-list">
              {context.incidents.map((incident) => (
                <li key={incident.incidentId}>
                  {incident.title} ({incident.severity})
                </li>
              ))}
            </ul>
          </>
        )}
        <p>
          {words.seen}: {context.summary.intentsSeen.join(', ') || '—'} ({words.intents}); {context.summary.latestSentiment ?? '—'} ({words.sentiment})
        </p>
        <h2>{words.contactsByChannel}</h2>
        {context.channels.map((group) => (
          <details key={group.channel} open>
            <summary>
              {group.channel} ({group.interactions.length})
            </summary>
            <ul class="dk-list">
              {group.interactions.map((interaction) => (
                <li key={interaction.interactionId}>
                  {interaction.direction}: {interaction.text ?? ''}
                </li>
              ))}
            </ul>
          </details>
        ))}
      </section>
      <section class="dk-card" aria-labelledby="dk-actions">
        <h2 id="dk-actions">{words.reply}</h2>
        <ProblemBox problem={problem} words={words} />
        {note && <p role="status">{note}</p>}
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            await after(
              await api.POST('/interactions', {
                body: { channel: channel ?? 'email', direction: 'outbound', customer: { customerId: supportCase.customerId }, caseId, text: reply },
              }),
            );
            setReply('');
          }}
        >
          <label class="dk-label" for="dk-channel">
            {words.channel}
          </label>
          <select id="dk-channel" class="dk-input" value={channel} onChange={(e) => setChannel(e.currentTarget.value as Channel)}>
            {[...new Set([channel, ...context.summary.channelsUsed].filter(Boolean))].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <label class="dk-label" for="dk-reply">
            {words.replyLabel}
          </label>
          <textarea id="dk-reply" class="dk-input" rows={3} value={reply} onInput={(e) => setReply(e.currentTarget.value)} />
          <button type="submit" class="dk-button">
            {words.send}
          </button>
        </form>
        <h2>{words.escalate}</h2>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            await after(await api.POST('/cases/{caseId}/escalations', { params: { path: { caseId } }, body: { reason } }));
          }}
        >
          <label class="dk-label" for="dk-reason">
            {words.reasonLabel}
          </label>
          <input id="dk-reason" class="dk-input" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          <button type="submit" class="dk-button dk-secondary">
            {words.escalate}
          </button>
        </form>
        <button
          type="button"
          class="dk-button"
          onClick={async () => after(await api.PATCH('/cases/{caseId}', { params: { path: { caseId } }, body: { status: 'resolved' } }))}
        >
          {words.resolve}
        </button>
      </section>
    </div>
  );
}

const ProblemBox = ({ problem, words }: { problem: Problem | undefined; words: DesktopWords }) => (
  <SharedProblemBox problem={problem} tryAgain={words.tryAgain} />
);

const style = document.createElement('style');
style.textContent = styles;
document.head.append(style);
render(<App />, document.getElementById('app')!);
