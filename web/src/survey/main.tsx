import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { createApiClient, type Problem, problemOf, retryable } from '../api/client';
import type { components } from '../api/schema';
import { loadPageConfig } from '../auth/page-config';
import { type Language, languageOf } from '../i18n';
import { styles } from './styles';

type SurveyPage = components['schemas']['SurveyPage'];
type Question = SurveyPage['questions'][number];
type Answers = components['schemas']['SurveyAnswers'];

/**
 * The page behind the survey link a resolved notice carries: GET shows the questions in the
 * customer's language (and records nothing: mail scanners open links), submitting records the
 * answer once. The token comes from the link (`?token=`, or the last path segment of a
 * `/s/<token>` link); no sign-in, nothing personal shown. Public API only, through the typed client.
 */
const params = new URLSearchParams(location.search);
const token = params.get('token') ?? location.pathname.split('/').filter(Boolean).at(-1) ?? '';
// The API from config.json next to the page (the stack writes it; npm start answers it).
const api = createApiClient(params.get('api') ?? (await loadPageConfig(location.href)).apiUrl);

const words = {
  fr: {
    title: 'Votre avis compte',
    loading: 'Chargement…',
    send: 'Envoyer mon avis',
    sending: 'Envoi…',
    thanks: 'Merci ! Votre avis est enregistré.',
    answered: 'Vous avez déjà répondu à ce questionnaire. Merci !',
    expired: 'Ce questionnaire est clos.',
    unknown: 'Ce lien n’est pas (ou plus) valable.',
    tryAgain: 'Le service est très sollicité : réessayez dans un instant.',
    pickOne: 'Répondez à au moins une question.',
    closes: (at: string) => `Ouvert jusqu’au ${new Date(at).toLocaleDateString('fr-FR', { dateStyle: 'long' })}.`,
    preference: { yes: 'Oui', no: 'Non', maybe: 'Peut-être' },
    low: 'pas du tout',
    high: 'tout à fait',
  },
  en: {
    title: 'Your opinion matters',
    loading: 'Loading…',
    send: 'Send my answers',
    sending: 'Sending…',
    thanks: 'Thank you! Your answers are recorded.',
    answered: 'You have already answered this survey. Thank you!',
    expired: 'This survey is closed.',
    unknown: 'This link is not (or no longer) valid.',
    tryAgain: 'The service is very busy: try again in a moment.',
    pickOne: 'Answer at least one question.',
    closes: (at: string) => `Open until ${new Date(at).toLocaleDateString('en-GB', { dateStyle: 'long' })}.`,
    preference: { yes: 'Yes', no: 'No', maybe: 'Maybe' },
    low: 'not at all',
    high: 'completely',
  },
} as const;

type State =
  | { kind: 'loading' }
  | { kind: 'open'; survey: SurveyPage }
  | { kind: 'done'; message: 'thanks' | 'answered' | 'expired' | 'unknown' }
  | { kind: 'failed'; problem: Problem };

/** What a refused answer means to the customer: 409 answered, 410 closed, 404 unknown link. */
const endOf = (status: number) => (status === 409 ? 'answered' : status === 410 ? 'expired' : status === 404 ? 'unknown' : undefined);

function Survey() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  // The customer's language comes with the questions; a page answered already (409) no longer
  // says it, so this tab remembers it.
  const [language, setLanguage] = useState<Language>(languageOf(sessionStorage.getItem('survey-language') ?? navigator.language));
  useEffect(() => {
    api.GET('/surveys/{token}', { params: { path: { token } } }).then(({ data, error, response }) => {
      if (data) {
        sessionStorage.setItem('survey-language', data.language);
        setLanguage(data.language);
        setState({ kind: 'open', survey: data });
      } else {
        const end = endOf(response.status);
        setState(end ? { kind: 'done', message: end } : { kind: 'failed', problem: problemOf(error, response) });
      }
    });
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = words[language].title;
  }, [language]);
  const t = words[language];

  return (
    <div class="sv-card">
      <h1>{t.title}</h1>
      {state.kind === 'loading' && <p>{t.loading}</p>}
      {state.kind === 'done' && (
        <p class="sv-end" role="status">
          {t[state.message]}
        </p>
      )}
      {state.kind === 'failed' && (
        <p class="sv-problem" role="alert">
          {retryable(state.problem) ? t.tryAgain : (state.problem.detail ?? state.problem.title)}
        </p>
      )}
      {state.kind === 'open' && <Questions survey={state.survey} language={language} onEnd={(message) => setState({ kind: 'done', message })} />}
    </div>
  );
}

function Questions({
  survey,
  language,
  onEnd,
}: {
  survey: SurveyPage;
  language: Language;
  onEnd: (message: 'thanks' | 'answered' | 'expired' | 'unknown') => void;
}) {
  const t = words[language];
  const [answers, setAnswers] = useState<Answers>({});
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const fieldError = (field: string) => problem?.errors?.find((e) => e.field === field)?.message;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (Object.keys(answers).length === 0) {
      setProblem({ status: 400, title: t.pickOne });
      return;
    }
    setSending(true);
    const { data, error, response } = await api.POST('/surveys/{token}/responses', {
      params: { path: { token } },
      body: { answers, ...(comment.trim() ? { comment: comment.trim() } : {}) },
    });
    setSending(false);
    if (data) return onEnd('thanks');
    const end = endOf(response.status);
    if (end) return onEnd(end);
    setProblem(problemOf(error, response));
  };

  return (
    <form onSubmit={submit} noValidate>
      <p class="sv-hint">{t.closes(survey.closesAt)}</p>
      {survey.questions.map((question) => (
        <QuestionField
          key={question.question}
          question={question}
          language={language}
          value={answers[question.question]}
          error={fieldError(`answers.${question.question}`)}
          onChange={(value) => setAnswers({ ...answers, [question.question]: value })}
        />
      ))}
      {survey.comment && (
        <div class="sv-field">
          <label class="sv-label" for="sv-comment">
            {survey.comment.text}
          </label>
          <textarea id="sv-comment" class="sv-input" rows={4} maxLength={2000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          {fieldError('comment') && <p class="sv-error">{fieldError('comment')}</p>}
        </div>
      )}
      {problem && (
        <p class="sv-problem" role="alert">
          {retryable(problem) ? t.tryAgain : (problem.detail ?? problem.title)}
        </p>
      )}
      <button type="submit" class="sv-button" disabled={sending}>
        {sending ? t.sending : t.send}
      </button>
    </form>
  );
}

/** One question as a group of radio buttons: a scale (csat 1–5, ces 1–7, nps 0–10) or the preference's options. */
function QuestionField(props: { question: Question; language: Language; value: Answers[keyof Answers]; error?: string; onChange: (value: never) => void }) {
  const { question, language } = props;
  const t = words[language];
  const choices: { value: string | number; label: string }[] = question.options
    ? question.options.map((option) => ({ value: option, label: t.preference[option] }))
    : Array.from({ length: (question.max ?? 5) - (question.min ?? 1) + 1 }, (_, i) => {
        const value = (question.min ?? 1) + i;
        return { value, label: String(value) };
      });
  const id = `sv-${question.question}`;
  return (
    <fieldset class="sv-field" aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend class="sv-label">{question.text}</legend>
      <div class="sv-choices">
        {!question.options && (
          <span class="sv-scale-end" aria-hidden="true">
            {t.low}
          </span>
        )}
        {choices.map((choice) => (
          <label key={choice.value} class="sv-choice">
            <input
              type="radio"
              name={id}
              value={String(choice.value)}
              checked={props.value === choice.value}
              onChange={() => props.onChange(choice.value as never)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
        {!question.options && (
          <span class="sv-scale-end" aria-hidden="true">
            {t.high}
          </span>
        )}
      </div>
      {props.error && (
        <p class="sv-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

const style = document.createElement('style');
style.textContent = styles;
document.head.append(style);
render(<Survey />, document.getElementById('app')!);
