import { useEffect, useState } from 'preact/hooks';
import { type ApiClient, type Problem, problemOf } from '../api/client';
import type { components, operations } from '../api/schema';
import type { Language } from '../i18n';
import { ProblemBox } from '../staff/problem-box';
import type { DesktopWords } from './words';

type CaseListQuery = NonNullable<operations['listCases']['parameters']['query']>;
type CaseListItem = components['schemas']['CaseListItem'];

// The choices the list route takes (tsc checks each against the API's schema); "any" is no filter.
const statuses = ['open', 'pending', 'resolved'] as const satisfies readonly NonNullable<CaseListQuery['status']>[];
const queues = ['urgent', 'expert', 'standard'] as const satisfies readonly NonNullable<CaseListQuery['queue']>[];
const priorities = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly NonNullable<CaseListQuery['priority']>[];
const assignees = ['me', 'none'] as const;

interface Filters {
  status: (typeof statuses)[number];
  queue: (typeof queues)[number] | '';
  assignee: (typeof assignees)[number] | '';
  priority: (typeof priorities)[number] | '';
}

const pageSize = 20;

/**
 * The case list (GET /cases): one status's cases, most recently changed first, narrowed by
 * queue, assignee (me, nobody) and priority; "More" reads the next page. A filtered page can be
 * short and still have a next one (the API reads a bounded part of the list per request), so
 * "More" shows while there is a cursor, not while pages are full. A row's subject opens the case.
 */
export function CaseList({ api, words, language }: { api: ApiClient; words: DesktopWords; language: Language }) {
  const [filters, setFilters] = useState<Filters>({ status: 'open', queue: '', assignee: '', priority: '' });
  const [items, setItems] = useState<CaseListItem[] | undefined>();
  const [cursor, setCursor] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const load = async (after?: string) => {
    const query: CaseListQuery = {
      status: filters.status,
      limit: pageSize,
      ...(filters.queue ? { queue: filters.queue } : {}),
      ...(filters.assignee ? { assignee: filters.assignee } : {}),
      ...(filters.priority ? { priority: filters.priority } : {}),
      ...(after ? { cursor: after } : {}),
    };
    const { data, error, response } = await api.GET('/cases', { params: { query } });
    if (!data) return setProblem(problemOf(error, response));
    setProblem(undefined);
    setItems((before) => (after && before ? [...before, ...data.items] : data.items));
    setCursor(data.nextCursor);
  };
  useEffect(() => void load(), [filters.status, filters.queue, filters.assignee, filters.priority]);
  const time = (at: string | undefined) => (at ? new Date(at).toLocaleString(language, { dateStyle: 'short', timeStyle: 'short' }) : '—');
  const select = <K extends keyof Filters>(key: K, label: string, options: readonly { value: Filters[K]; label: string }[]) => (
    <div class="dk-filter">
      <label class="dk-label" for={`dk-cases-${key}`}>
        {label}
      </label>
      <select
        id={`dk-cases-${key}`}
        class="dk-input"
        value={filters[key]}
        onChange={(e) => setFilters({ ...filters, [key]: e.currentTarget.value as Filters[K] })}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section class="dk-card dk-full" aria-labelledby="dk-cases">
      <h1 id="dk-cases">{words.cases}</h1>
      <div class="dk-filters">
        {select(
          'status',
          words.status,
          statuses.map((status) => ({ value: status, label: words.listStatus[status] })),
        )}
        {select('queue', words.queue, [{ value: '', label: words.anyQueue }, ...queues.map((queue) => ({ value: queue, label: queue }))])}
        {select('assignee', words.assignee, [
          { value: '', label: words.anyone },
          { value: 'me', label: words.me },
          { value: 'none', label: words.nobody },
        ])}
        {select('priority', words.priority, [
          { value: '', label: words.anyPriority },
          ...priorities.map((priority) => ({ value: priority, label: words.priorityName[priority] })),
        ])}
      </div>
      <ProblemBox problem={problem} tryAgain={words.tryAgain} />
      {items && items.length === 0 && !cursor && <p>{words.noCases}</p>}
      {items && items.length > 0 && (
        <div class="dk-scroll">
          <table class="dk-table">
            <caption class="dk-visually-hidden">{words.casesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{words.subject}</th>
                <th scope="col">{words.customer}</th>
                <th scope="col">{words.channel}</th>
                <th scope="col">{words.priority}</th>
                <th scope="col">{words.status}</th>
                <th scope="col">{words.queue}</th>
                <th scope="col">{words.updated}</th>
                <th scope="col">{words.slaDue}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.caseId}>
                  <td>
                    <a class="dk-link" href={`#/case/${item.caseId}`}>
                      {item.subject}
                    </a>
                  </td>
                  <td>
                    <a class="dk-link" href={`#/customer/${item.customerId}`}>
                      {item.customerId}
                    </a>
                  </td>
                  <td>{item.channel ?? '—'}</td>
                  <td>{words.priorityName[item.priority]}</td>
                  <td>{words.caseStatus[item.status]}</td>
                  <td>{item.escalation?.queue ?? '—'}</td>
                  <td>
                    <time dateTime={item.updatedAt}>{time(item.updatedAt)}</time>
                  </td>
                  <td>{item.slaDueAt ? <time dateTime={item.slaDueAt}>{time(item.slaDueAt)}</time> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" class="dk-button dk-secondary" onClick={() => load(cursor)}>
          {words.moreCases}
        </button>
      )}
    </section>
  );
}
