import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type ApiClient, createApiClient, type Problem, problemOf } from '../api/client';
import type { components } from '../api/schema';
import { styles as desktopStyles } from '../desktop/styles';
import { type Language, languageOf } from '../i18n';
import { ProblemBox } from '../staff/problem-box';
import { StaffShell, startStaffSession } from '../staff/sign-in';
import { ShareChart } from './chart';
import { type SupervisorWords, supervisorWords } from './words';

type KpiReport = components['schemas']['KpiReport'];
type Incident = components['schemas']['Incident'];
type ActiveIncident = components['schemas']['ActiveIncident'];
type Surge = components['schemas']['Surge'];
type Severity = Incident['severity'];

/**
 * The supervisor view: the KPIs as charts (service level per day and per queue, CSAT, CES,
 * preference, containment, FCR), incidents (declare one for a segment, watch its deliveries,
 * resolve it) and the surges of contacts, each one click from an incident. Public API only,
 * through the typed client; a supervisor token (the routes refuse other roles).
 */
const session = await startStaffSession('supervisor');
const api = createApiClient(session.apiUrl, session.token);

// Days as the browser's calendar shows them (the KPI days are the client's: the same zone, in practice).
const isoDay = (date: Date) => date.toLocaleDateString('sv-SE');
const percent = (rate: number | null | undefined, words: SupervisorWords) => (rate == null ? words.noData : `${Math.round(rate * 100)} %`);

function App() {
  const [language, setLanguage] = useState<Language>(languageOf(sessionStorage.getItem('supervisor-language') ?? navigator.language));
  const words = supervisorWords[language];
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = words.title;
    sessionStorage.setItem('supervisor-language', language);
  }, [language]);
  return (
    <StaffShell session={session} roles={['supervisor']} title={words.title} language={language} onLanguage={setLanguage} words={words}>
      <div class="dk-grid">
        <Kpis api={api} words={words} language={language} />
        <Incidents api={api} words={words} />
        <Surges api={api} words={words} />
      </div>
    </StaffShell>
  );
}

function Kpis({ api, words, language }: { api: ApiClient; words: SupervisorWords; language: Language }) {
  const [period, setPeriod] = useState({ from: isoDay(new Date(Date.now() - 6 * 86_400_000)), to: isoDay(new Date()) });
  const [shown, setShown] = useState(period);
  const [byDay, setByDay] = useState<KpiReport | undefined>();
  const [byQueue, setByQueue] = useState<KpiReport | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  useEffect(() => {
    const read = (groupBy: 'day' | 'queue') => api.GET('/kpis', { params: { query: { ...shown, groupBy } } });
    Promise.all([read('day'), read('queue')]).then(([day, queue]) => {
      setProblem(day.data ? (queue.data ? undefined : problemOf(queue.error, queue.response)) : problemOf(day.error, day.response));
      setByDay(day.data);
      setByQueue(queue.data);
    });
  }, [shown.from, shown.to]);
  const totals = byDay?.totals;
  const dayLabel = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(language === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'short' });
  return (
    <section class="dk-card dk-wide" aria-labelledby="sp-kpis">
      <h1 id="sp-kpis">{words.kpis}</h1>
      <form
        class="sp-period"
        onSubmit={(event) => {
          event.preventDefault();
          setShown(period);
        }}
      >
        <label>
          {words.from} <input class="dk-input" type="date" value={period.from} onInput={(e) => setPeriod({ ...period, from: e.currentTarget.value })} />
        </label>
        <label>
          {words.to} <input class="dk-input" type="date" value={period.to} onInput={(e) => setPeriod({ ...period, to: e.currentTarget.value })} />
        </label>
        <button type="submit" class="dk-button">
          {words.show}
        </button>
      </form>
      <ProblemBox problem={problem} tryAgain={words.tryAgain} />
      {totals && (
        <ul class="sp-tiles" aria-label={words.kpis}>
          <Tile label={words.serviceLevel} value={percent(totals.serviceLevel.rate, words)} />
          <Tile label={words.csat} value={percent(totals.surveys.csat.rate, words)} note={words.responses(totals.surveys.csat.responses)} />
          <Tile
            label={words.ces}
            value={totals.surveys.ces.mean == null ? words.noData : totals.surveys.ces.mean.toLocaleString(language, { maximumFractionDigits: 1 })}
            note={words.responses(totals.surveys.ces.responses)}
          />
          <Tile label={words.preference} value={percent(totals.surveys.preference.rate, words)} note={words.responses(totals.surveys.preference.responses)} />
          <Tile label={words.containment} value={percent(totals.selfcare.containment.rate, words)} />
          <Tile
            label={words.fcr}
            value={percent(totals.firstContactResolution.rate, words)}
            note={totals.firstContactResolution.pendingResolutions ? words.fcrPending(totals.firstContactResolution.pendingResolutions) : undefined}
          />
        </ul>
      )}
      {byDay && (
        <ShareChart
          kind="line"
          title={words.perDay}
          labels={byDay.groups.map((group) => dayLabel(group.key))}
          labelHeader={words.day}
          dataCaption={words.chartData}
          series={[
            { label: words.serviceLevel, values: byDay.groups.map((group) => group.serviceLevel.rate) },
            { label: words.csat, values: byDay.groups.map((group) => group.surveys.csat.rate) },
            { label: words.preference, values: byDay.groups.map((group) => group.surveys.preference.rate) },
            { label: words.fcr, values: byDay.groups.map((group) => group.firstContactResolution.rate) },
          ]}
        />
      )}
      {byQueue && (
        <ShareChart
          kind="bar"
          title={words.perQueue}
          labels={byQueue.groups.map((group) => group.key)}
          labelHeader={words.queue}
          dataCaption={words.chartData}
          series={[{ label: words.serviceLevel, values: byQueue.groups.map((group) => group.serviceLevel.rate) }]}
        />
      )}
    </section>
  );
}

function Tile({ label, value, note }: { label: string; value: string; note?: string | undefined }) {
  return (
    <li class="sp-tile">
      <span class="sp-tile-label">{label}</span>
      <strong class="sp-tile-value">{value}</strong>
      {note && <span class="sp-tile-note">{note}</span>}
    </li>
  );
}

const splitValues = (text: string) =>
  text
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);

function Incidents({ api, words }: { api: ApiClient; words: SupervisorWords }) {
  const [items, setItems] = useState<ActiveIncident[]>([]);
  const [openId, setOpenId] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [note, setNote] = useState('');
  const [form, setForm] = useState({ title: '', severity: 'major' as Severity, zones: '', postcodes: '', fr: '', en: '' });
  const refresh = () =>
    api.GET('/incidents', { params: { query: { limit: 25 } } }).then(({ data, error, response }) => {
      if (data) setItems(data.items);
      else setProblem(problemOf(error, response));
    });
  useEffect(() => void refresh(), []);

  const declare = async (event: Event) => {
    event.preventDefault();
    const zone = splitValues(form.zones);
    const postcode = splitValues(form.postcodes);
    const { data, error, response } = await api.POST('/incidents', {
      params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
      body: {
        title: form.title,
        severity: form.severity,
        affected: { ...(zone.length ? { zone } : {}), ...(postcode.length ? { postcode } : {}) },
        messages: { ...(form.fr.trim() ? { fr: form.fr } : {}), ...(form.en.trim() ? { en: form.en } : {}) },
      },
    });
    if (!data) return setProblem(problemOf(error, response));
    setProblem(undefined);
    setNote(words.declared(data.title));
    setOpenId(data.incidentId);
    await refresh();
  };
  const field = (name: keyof typeof form) => ({
    value: form[name],
    onInput: (e: { currentTarget: { value: string } }) => setForm({ ...form, [name]: e.currentTarget.value }),
  });

  return (
    <section class="dk-card" aria-labelledby="sp-incidents">
      <h1 id="sp-incidents">{words.incidents}</h1>
      <h2>{words.active}</h2>
      {items.length === 0 ? (
        <p>{words.none}</p>
      ) : (
        <ul class="dk-list">
          {items.map((incident) => (
            <li key={incident.incidentId}>
              <button
                type="button"
                class="dk-button dk-secondary"
                aria-expanded={openId === incident.incidentId}
                onClick={() => setOpenId(incident.incidentId)}
              >
                {incident.title} ({words.severities[incident.severity].split(' ')[0]}
                {incident.status === 'resolved' ? `, ${words.resolved}` : ''})
              </button>
            </li>
          ))}
        </ul>
      )}
      {openId && <IncidentDetail key={openId} api={api} words={words} incidentId={openId} onChange={refresh} />}
      <h2>{words.declare}</h2>
      <form onSubmit={declare} noValidate>
        <label class="dk-label" for="sp-title">
          {words.incidentTitle}
        </label>
        <input id="sp-title" class="dk-input" {...field('title')} />
        <label class="dk-label" for="sp-severity">
          {words.severity}
        </label>
        <select id="sp-severity" class="dk-input" value={form.severity} onChange={(e) => setForm({ ...form, severity: e.currentTarget.value as Severity })}>
          {(Object.keys(words.severities) as Severity[]).map((severity) => (
            <option key={severity} value={severity}>
              {words.severities[severity]}
            </option>
          ))}
        </select>
        <label class="dk-label" for="sp-zones">
          {words.zones}
        </label>
        <input id="sp-zones" class="dk-input" {...field('zones')} />
        <label class="dk-label" for="sp-postcodes">
          {words.postcodes}
        </label>
        <input id="sp-postcodes" class="dk-input" {...field('postcodes')} />
        <label class="dk-label" for="sp-fr">
          {words.messageFr}
        </label>
        <textarea id="sp-fr" class="dk-input" rows={2} {...field('fr')} />
        <label class="dk-label" for="sp-en">
          {words.messageEn}
        </label>
        <textarea id="sp-en" class="dk-input" rows={2} {...field('en')} />
        <ProblemBox problem={problem} tryAgain={words.tryAgain} />
        <button type="submit" class="dk-button">
          {words.declare}
        </button>
      </form>
      {note && <p role="status">{note}</p>}
    </section>
  );
}

/** One incident, refreshed every 3 s while shown: the deliveries grow as the fan-out runs. */
function IncidentDetail({ api, words, incidentId, onChange }: { api: ApiClient; words: SupervisorWords; incidentId: string; onChange: () => void }) {
  const [incident, setIncident] = useState<Incident | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const load = () =>
    api.GET('/incidents/{incidentId}', { params: { path: { incidentId } } }).then(({ data, error, response }) => {
      if (data) setIncident(data);
      else setProblem(problemOf(error, response));
    });
  useEffect(() => {
    void load();
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, [incidentId]);
  if (!incident) return <ProblemBox problem={problem} tryAgain={words.tryAgain} />;
  const resolve = async () => {
    const { data, error, response } = await api.PATCH('/incidents/{incidentId}', { params: { path: { incidentId } }, body: { status: 'resolved' } });
    if (!data) return setProblem(problemOf(error, response));
    setIncident(data);
    onChange();
  };
  return (
    <div class="sp-incident" aria-live="polite">
      <h2>{incident.title}</h2>
      <p class="sp-status">
        {incident.status === 'resolved' ? words.resolved : words.activeStatus} · {words.severities[incident.severity]}
      </p>
      <p>
        {Object.entries(incident.affected)
          .map(([attribute, values]) => `${attribute}: ${values.join(', ')}`)
          .join(' · ')}
      </p>
      <h3>{words.deliveries}</h3>
      <dl class="sp-deliveries">
        {Object.entries(incident.deliveries ?? {}).map(([status, count]) => (
          <div key={status}>
            <dt>{words.delivery[status] ?? status}</dt>
            <dd>{count}</dd>
          </div>
        ))}
      </dl>
      {incident.contactsDuringIncident !== undefined && <p>{words.contactsDuring(incident.contactsDuringIncident)}</p>}
      <ProblemBox problem={problem} tryAgain={words.tryAgain} />
      {incident.status === 'active' && (
        <button type="button" class="dk-button" onClick={resolve}>
          {words.resolve}
        </button>
      )}
    </div>
  );
}

function Surges({ api, words }: { api: ApiClient; words: SupervisorWords }) {
  const [surges, setSurges] = useState<Surge[]>([]);
  const [problem, setProblem] = useState<Problem | undefined>();
  const refresh = () =>
    api.GET('/surges', { params: { query: { limit: 25 } } }).then(({ data, error, response }) => {
      if (data) setSurges(data.surges);
      else setProblem(problemOf(error, response));
    });
  useEffect(() => void refresh(), []);
  const declare = async (surge: Surge) => {
    const { data, error, response } = await api.POST('/surges/{surgeId}/incident', {
      params: { path: { surgeId: surge.surgeId } },
      body: { severity: 'major', messages: { fr: surge.suggestedIncident.title, en: surge.suggestedIncident.title } },
    });
    if (!data) return setProblem(problemOf(error, response));
    await refresh();
  };
  return (
    <section class="dk-card" aria-labelledby="sp-surges">
      <h1 id="sp-surges">{words.surges}</h1>
      <ProblemBox problem={problem} tryAgain={words.tryAgain} />
      {surges.length === 0 ? (
        <p>{words.none}</p>
      ) : (
        <ul class="dk-list">
          {surges.map((surge) => (
            <li key={surge.surgeId}>
              <p>{words.surge(surge.intent, surge.segment.attribute, surge.segment.value, surge.count, surge.baselinePerBucket)}</p>
              {surge.incidentId ? (
                <p>
                  <strong>{words.declaredFromSurge}</strong>
                </p>
              ) : (
                <button type="button" class="dk-button" onClick={() => declare(surge)}>
                  {words.fromSurge}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const styles = `${desktopStyles}
.sp-period { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; }
.sp-period .dk-input { width: auto; }
.sp-tiles { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 16px 0; }
.sp-tile { border: 1px solid #c9d1dc; border-radius: 8px; padding: 10px 12px; display: flex; flex-direction: column; }
.sp-tile-label { font-size: 0.9rem; color: #3d3d3d; }
.sp-tile-value { font-size: 1.6rem; }
.sp-tile-note { font-size: 0.85rem; color: #3d3d3d; }
.sp-figure { margin: 16px 0; }
.sp-caption { font-weight: 600; margin-bottom: 8px; }
.sp-canvas { position: relative; height: 260px; }
.sp-table { border-collapse: collapse; margin-top: 8px; }
.sp-table th, .sp-table td { border: 1px solid #c9d1dc; padding: 4px 8px; text-align: left; }
.sp-deliveries { display: flex; flex-wrap: wrap; gap: 16px; }
.sp-deliveries dd { margin: 0; font-size: 1.3rem; font-weight: 600; }
`;

const style = document.createElement('style');
style.textContent = styles;
document.head.append(style);
render(<App />, document.getElementById('app')!);
