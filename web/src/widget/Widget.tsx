import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiClient, type Problem, problemOf, retryable } from '../api/client';
import type { components } from '../api/schema';
import type { Language, Words } from '../i18n';
import { ArticleBody } from './markdown';
import type { sessionKeeper } from './session';

type SearchResult = components['schemas']['SearchResponse']['results'][number];
type Flow = components['schemas']['Flow'];
type FlowStep = Flow['steps'][number];
type HandoverChannel = components['schemas']['HandoverRequest']['channel'];

type View =
  | { kind: 'home' }
  | { kind: 'article'; articleId: string }
  | { kind: 'flow'; flow: Flow; step: FlowStep }
  | { kind: 'contact' }
  | { kind: 'done'; message: string };

export interface WidgetProps {
  api: ApiClient;
  session: ReturnType<typeof sessionKeeper>;
  language: Language;
  words: Words;
  flowIds: string[];
}

/** The self-care widget: search, articles with "was this helpful?", guided flows, and "contact us" that hands the session over. */
export function Widget({ api, session, language, words, flowIds }: WidgetProps): JSX.Element {
  const [view, setView] = useState<View>({ kind: 'home' });
  const heading = useRef<HTMLHeadingElement>(null);
  // Each new view takes the focus to its heading, so keyboard and screen-reader users follow.
  useEffect(() => heading.current?.focus(), [view]);
  const home = () => setView({ kind: 'home' });
  const contact = () => setView({ kind: 'contact' });

  return (
    <section class="sw-panel" aria-label={words.title} lang={language}>
      {view.kind === 'home' && (
        <Home
          {...{ api, session, language, words, flowIds, heading }}
          onArticle={(articleId) => setView({ kind: 'article', articleId })}
          onFlow={(flow) => setView({ kind: 'flow', flow, step: startOf(flow) })}
          onContact={contact}
        />
      )}
      {view.kind === 'article' && <Article {...{ api, session, words, heading }} articleId={view.articleId} onBack={home} onContact={contact} />}
      {view.kind === 'flow' && (
        <FlowView
          {...{ api, session, words, heading }}
          flow={view.flow}
          step={view.step}
          onStep={(step) => setView({ kind: 'flow', flow: view.flow, step })}
          onArticle={(articleId) => setView({ kind: 'article', articleId })}
          onSolved={() => setView({ kind: 'done', message: words.solved })}
          onContact={contact}
          onBack={home}
        />
      )}
      {view.kind === 'contact' && <Contact {...{ api, session, words, heading }} onBack={home} onDone={(message) => setView({ kind: 'done', message })} />}
      {view.kind === 'done' && (
        <div>
          <h2 ref={heading} tabIndex={-1} class="sw-heading">
            {view.message}
          </h2>
          <button type="button" class="sw-link" onClick={home}>
            {words.back}
          </button>
        </div>
      )}
    </section>
  );
}

const startOf = (flow: Flow) => flow.steps.find((step) => step.stepId === flow.startStepId) ?? flow.steps[0]!;

interface Common {
  api: ApiClient;
  session: ReturnType<typeof sessionKeeper>;
  words: Words;
  heading: { current: HTMLHeadingElement | null };
}

function Home(props: Common & { language: Language; flowIds: string[]; onArticle: (id: string) => void; onFlow: (flow: Flow) => void; onContact: () => void }) {
  const { api, session, words, language, heading } = props;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResult[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [flows, setFlows] = useState<Flow[]>([]);

  useEffect(() => {
    Promise.all(props.flowIds.map((flowId) => api.GET('/flows/{flowId}', { params: { path: { flowId } } }))).then((answers) =>
      setFlows(answers.flatMap(({ data }) => (data ? [data] : []))),
    );
  }, [props.flowIds.join(',')]);

  // Search as the visitor types: a short pause, then the latest query only.
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) return setResults(undefined);
    let current = true;
    const timer = setTimeout(async () => {
      const sessionId = await session.id();
      const { data, error, response } = await api.GET('/selfcare/search', { params: { query: { q, locale: language, sessionId } } });
      if (!current) return;
      if (data) {
        setProblem(undefined);
        setResults(data.results);
      } else setProblem(problemOf(error, response));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  return (
    <div>
      <h2 ref={heading} tabIndex={-1} class="sw-heading">
        {words.title}
      </h2>
      <label class="sw-label" for="sw-search">
        {words.searchLabel}
      </label>
      <input
        id="sw-search"
        class="sw-input"
        type="search"
        value={query}
        placeholder={words.searchPlaceholder}
        autoComplete="off"
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <ProblemBox problem={problem} words={words} />
      <div aria-live="polite" class="sw-results">
        {results && results.length === 0 && <p>{words.noResult}</p>}
        {results && results.length > 0 && (
          <>
            <p class="sw-muted">{words.results(results.length)}</p>
            <ul class="sw-list">
              {results.map((result) => (
                <li key={result.articleId}>
                  <button type="button" class="sw-result" onClick={() => props.onArticle(result.articleId)}>
                    <span class="sw-result-title">{result.title}</span>
                    <span class="sw-muted">{result.snippet}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {flows.length > 0 && (
        <>
          <h3 class="sw-subheading">{words.guided}</h3>
          <ul class="sw-list">
            {flows.map((flow) => (
              <li key={flow.flowId}>
                <button type="button" class="sw-button sw-secondary" onClick={() => props.onFlow(flow)}>
                  {flow.title}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" class="sw-button" onClick={props.onContact}>
        {words.contact}
      </button>
    </div>
  );
}

function Article(props: Common & { articleId: string; onBack: () => void; onContact: () => void }) {
  const { api, session, words, heading, articleId } = props;
  const [article, setArticle] = useState<{ title: string; body: string } | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [vote, setVote] = useState<'asking' | 'reason' | 'sent'>('asking');
  const [reason, setReason] = useState('');

  useEffect(() => {
    (async () => {
      const { data, error, response } = await api.GET('/articles/{articleId}', { params: { path: { articleId } } });
      if (!data) return setProblem(problemOf(error, response));
      setArticle(data);
      const sessionId = await session.id();
      await api.POST('/selfcare/sessions/{sessionId}/events', { params: { path: { sessionId } }, body: { type: 'article_viewed', articleId } });
    })();
  }, [articleId]);

  const sendVote = async (helpful: boolean) => {
    const sessionId = await session.id();
    const trimmed = reason.trim();
    const { error, response } = await api.POST('/selfcare/sessions/{sessionId}/events', {
      params: { path: { sessionId } },
      body: { type: 'article_voted', articleId, helpful, ...(!helpful && trimmed ? { reason: trimmed } : {}) },
    });
    // A second vote (409) is still a vote: the visitor is thanked either way.
    if (error && response.status !== 409) return setProblem(problemOf(error, response));
    setVote('sent');
  };

  return (
    <article>
      <button type="button" class="sw-link" onClick={props.onBack}>
        ← {words.back}
      </button>
      <h2 ref={heading} tabIndex={-1} class="sw-heading">
        {article?.title ?? '…'}
      </h2>
      <ProblemBox problem={problem} words={words} />
      {article && <ArticleBody markdown={article.body} />}
      {article && (
        <div class="sw-vote" aria-live="polite">
          {vote === 'asking' && (
            <fieldset class="sw-fieldset">
              <legend>{words.helpful}</legend>
              <button type="button" class="sw-button sw-secondary" onClick={() => sendVote(true)}>
                {words.yes}
              </button>
              <button type="button" class="sw-button sw-secondary" onClick={() => setVote('reason')}>
                {words.no}
              </button>
            </fieldset>
          )}
          {vote === 'reason' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                sendVote(false);
              }}
            >
              <label class="sw-label" for="sw-reason">
                {words.reasonLabel}
              </label>
              <input id="sw-reason" class="sw-input" maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
              <button type="submit" class="sw-button">
                {words.sendVote}
              </button>
            </form>
          )}
          {vote === 'sent' && <p>{words.thanks}</p>}
        </div>
      )}
      <button type="button" class="sw-button" onClick={props.onContact}>
        {words.contact}
      </button>
    </article>
  );
}

function FlowView(
  props: Common & {
    flow: Flow;
    step: FlowStep;
    onStep: (step: FlowStep) => void;
    onArticle: (id: string) => void;
    onSolved: () => void;
    onContact: () => void;
    onBack: () => void;
  },
) {
  const { api, session, words, heading, flow, step } = props;
  const [problem, setProblem] = useState<Problem | undefined>();
  const answer = async (answerId: string) => {
    const sessionId = await session.id();
    const { data, error, response } = await api.POST('/selfcare/sessions/{sessionId}/steps', {
      params: { path: { sessionId } },
      body: { flowId: flow.flowId, stepId: step.stepId, answer: answerId },
    });
    if (!data) return setProblem(problemOf(error, response));
    setProblem(undefined);
    const next = data.next;
    if (next.type === 'step') props.onStep(next.step);
    else if (next.type === 'article') props.onArticle(next.articleId);
    else if (next.outcome === 'solved') props.onSolved();
    else props.onContact();
  };
  return (
    <div>
      <button type="button" class="sw-link" onClick={props.onBack}>
        ← {words.back}
      </button>
      <p class="sw-muted">{flow.title}</p>
      <h2 ref={heading} tabIndex={-1} class="sw-heading">
        {step.instruction}
      </h2>
      <ProblemBox problem={problem} words={words} />
      <ul class="sw-list">
        {step.answers.map((a) => (
          <li key={a.answerId}>
            <button type="button" class="sw-button sw-secondary" onClick={() => answer(a.answerId)}>
              {a.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

const fieldOf: Record<string, string> = { 'customer.phone': 'phone', 'customer.email': 'email', customer: 'email', message: 'message' };

function Contact(props: Common & { onBack: () => void; onDone: (message: string) => void }) {
  const { api, session, words, heading } = props;
  const [channel, setChannel] = useState<HandoverChannel>('callback');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [sending, setSending] = useState(false);
  // One key per request the visitor means to make: a retry after a network error is the same handover.
  const key = useRef(crypto.randomUUID());
  // A field error in the visitor's language where the widget knows the field; the API's words otherwise.
  const errorOf = (field: string) => {
    const error = problem?.errors?.find((e) => (fieldOf[e.field] ?? e.field) === field);
    return error && (words.invalid[field] ?? error.message);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setSending(true);
    const sessionId = await session.id();
    const customer = channel === 'callback' ? { phone: phone.trim() } : { email: email.trim() };
    const { data, error, response } = await api.POST('/selfcare/sessions/{sessionId}/handover', {
      params: { path: { sessionId } },
      headers: { 'idempotency-key': key.current },
      body: { channel, customer, ...(message.trim() ? { message: message.trim() } : {}) },
    });
    setSending(false);
    if (!data) return setProblem(problemOf(error, response));
    const callback = data.callback;
    const extra =
      channel === 'chat'
        ? words.chatOpen
        : callback?.estimatedWaitSeconds != null
          ? words.callbackWait(Math.max(1, Math.round(callback.estimatedWaitSeconds / 60)))
          : callback?.window
            ? words.callbackWindow(new Date(callback.window.from).toLocaleString())
            : callback
              ? words.callbackSoon
              : '';
    props.onDone(`${words.sent(data.caseId)} ${extra}`.trim());
  };

  const channels: [HandoverChannel, string][] = [
    ['callback', words.callback],
    ['email', words.message],
    ['chat', words.chat],
  ];
  return (
    <form onSubmit={submit} noValidate>
      <button type="button" class="sw-link" onClick={props.onBack}>
        ← {words.back}
      </button>
      <h2 ref={heading} tabIndex={-1} class="sw-heading">
        {words.contact}
      </h2>
      <p class="sw-muted">{words.contactIntro}</p>
      <fieldset class="sw-fieldset">
        <legend class="sw-visually-hidden">{words.contact}</legend>
        {channels.map(([value, label]) => (
          <label key={value} class="sw-choice">
            <input type="radio" name="sw-channel" value={value} checked={channel === value} onChange={() => setChannel(value)} /> {label}
          </label>
        ))}
      </fieldset>
      {channel === 'callback' ? (
        <Field id="sw-phone" label={words.phone} hint={words.phoneHint} error={errorOf('phone')}>
          <input
            id="sw-phone"
            class="sw-input"
            type="tel"
            autoComplete="tel"
            value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)}
            aria-describedby="sw-phone-hint sw-phone-error"
          />
        </Field>
      ) : (
        <Field id="sw-email" label={words.email} error={errorOf('email')}>
          <input
            id="sw-email"
            class="sw-input"
            type="email"
            autoComplete="email"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            aria-describedby="sw-email-error"
          />
        </Field>
      )}
      <Field id="sw-message" label={words.yourMessage} error={errorOf('message')}>
        <textarea
          id="sw-message"
          class="sw-input"
          rows={3}
          maxLength={2000}
          value={message}
          onInput={(e) => setMessage(e.currentTarget.value)}
          aria-describedby="sw-message-error"
        />
      </Field>
      <ProblemBox problem={problem && !problem.errors?.length ? problem : undefined} words={words} />
      <button type="submit" class="sw-button" disabled={sending}>
        {words.send}
      </button>
    </form>
  );
}

function Field(props: { id: string; label: string; hint?: string; error?: string | undefined; children: JSX.Element }) {
  return (
    <div class="sw-field">
      <label class="sw-label" for={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <span id={`${props.id}-hint`} class="sw-muted">
          {props.hint}
        </span>
      )}
      {props.children}
      <span id={`${props.id}-error`} class="sw-error" role={props.error ? 'alert' : undefined}>
        {props.error ?? ''}
      </span>
    </div>
  );
}

/** A problem as a person reads it: its detail (else its title); for 429 and 503, "try again". */
function ProblemBox({ problem, words }: { problem: Problem | undefined; words: Words }) {
  if (!problem) return null;
  return (
    <p class="sw-problem" role="alert">
      {retryable(problem) ? words.tryAgain : (problem.detail ?? problem.title ?? words.error)}
    </p>
  );
}
