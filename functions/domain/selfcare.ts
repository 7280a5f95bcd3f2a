import type { Channel, Language } from './channels';
import type { TriedAction } from './text-analysis';

/**
 * Self-care: guided troubleshooting flows (decision trees per locale) and the sessions a visitor
 * walks through on the brand's site. Pure: what a flow may look like, where an answer leads, and
 * what a session records (bounded) of what the visitor did.
 */

/** Where an answer leads, besides another step: an article, "solved", or "talk to someone". */
export const flowOutcomes = ['solved', 'talk_to_someone'] as const;
export type FlowOutcome = (typeof flowOutcomes)[number];

export type FlowNext = { step: string } | { articleId: string } | { outcome: FlowOutcome };

export interface FlowAnswer {
  answerId: string;
  label: string;
  next: FlowNext;
}

export interface FlowStep {
  stepId: string;
  instruction: string;
  answers: FlowAnswer[];
}

export interface Flow {
  flowId: string;
  locale: Language;
  title: string;
  startStepId: string;
  steps: FlowStep[];
  createdAt: string;
  version: number;
}

/** Bounds of a flow: a decision tree a visitor walks, not a program. */
export const flowLimits = { steps: 50, answersPerStep: 8 } as const;

/** A flow whose tree does not hold together: the field (dotted path in the request) and why. */
export interface FlowProblem {
  field: string;
  message: string;
}

/**
 * What is wrong with a flow's tree: duplicate step or answer ids, a start or a `next` step that
 * does not exist, steps that no path from the start reaches. Empty when the tree holds together.
 */
export function flowProblems(flow: Pick<Flow, 'startStepId' | 'steps'>): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const index = new Map<string, number>();
  flow.steps.forEach((step, i) => {
    if (index.has(step.stepId)) problems.push({ field: `steps.${i}.stepId`, message: `"${step.stepId}" is already the id of another step` });
    else index.set(step.stepId, i);
    const answerIds = new Set<string>();
    step.answers.forEach((answer, j) => {
      if (answerIds.has(answer.answerId))
        problems.push({ field: `steps.${i}.answers.${j}.answerId`, message: `"${answer.answerId}" appears twice in this step` });
      answerIds.add(answer.answerId);
      if ('step' in answer.next && !flow.steps.some((s) => s.stepId === (answer.next as { step: string }).step)) {
        problems.push({ field: `steps.${i}.answers.${j}.next.step`, message: `no step "${answer.next.step}" in this flow` });
      }
    });
  });
  if (!index.has(flow.startStepId)) return [...problems, { field: 'startStepId', message: `no step "${flow.startStepId}" in this flow` }];
  if (problems.length) return problems;
  const reached = new Set<string>([flow.startStepId]);
  const toVisit = [flow.startStepId];
  while (toVisit.length) {
    const step = flow.steps[index.get(toVisit.pop()!)!]!;
    for (const answer of step.answers) {
      if ('step' in answer.next && !reached.has(answer.next.step)) {
        reached.add(answer.next.step);
        toVisit.push(answer.next.step);
      }
    }
  }
  flow.steps.forEach((step, i) => {
    if (!reached.has(step.stepId)) problems.push({ field: `steps.${i}.stepId`, message: `step "${step.stepId}" cannot be reached from the start step` });
  });
  return problems;
}

/** What a session did, in order. Texts the visitor typed (search queries) are kept only here, until the session expires. */
export type SessionActivity =
  | { type: 'search'; at: string; searchId: string; query: string; resultCount: number; articleIds: string[] }
  | { type: 'article_viewed'; at: string; articleId: string }
  | { type: 'article_voted'; at: string; articleId: string; helpful: boolean; reason?: string }
  | { type: 'flow_step'; at: string; flowId: string; stepId: string; instruction: string; answerId: string; answer: string; next: FlowNext }
  | { type: 'handover'; at: string; channel: HandoverChannel; caseId: string };

export const handoverChannels = ['chat', 'callback', 'email'] as const;
export type HandoverChannel = (typeof handoverChannels)[number];

/** A session keeps its last activities: older ones are folded into `foldedActivities` (counted, not kept). */
export const maxSessionActivities = 100;

/** Counters the self-care report reads: kept as the session goes, so it never re-reads activities. */
export interface SessionCounters {
  searches: number;
  searchesWithoutResult: number;
  /** Searches with results after which no article was viewed (before the next search). */
  searchesWithoutClick: number;
  articlesViewed: number;
  votes: number;
  flowSteps: number;
}

export interface SelfcareSession {
  sessionId: string;
  /** Set when the visitor identified (at handover): the profile the session now belongs to. */
  customerId?: string;
  /** The locale the self-care report counts it under, fixed by its first activity (functions/domain/selfcare-report.ts). */
  locale?: Language;
  startedAt: string;
  lastActivityAt: string;
  /** Each flow's current step in this session (absent: the flow's start). */
  flowPositions: Record<string, string>;
  /** Articles voted on: one vote per article per session. */
  votedArticleIds: string[];
  activities: SessionActivity[];
  foldedActivities: number;
  counters: SessionCounters;
  /** The case the session was handed over to, if it was. */
  handover?: { caseId: string; channel: HandoverChannel; at: string };
  /**
   * Set when the signed-in visitor contacted the brand on another channel within the client's
   * window after the session, without handing over: the session was not contained.
   */
  followedByContact?: { at: string; channel: Channel };
  version: number;
}

/** The session as stored: its expiry is the item's TTL attribute, not a field of the record. */
export function withoutExpiry(session: SelfcareSession & { expiresAt?: string }): SelfcareSession {
  const { expiresAt: _, ...record } = session;
  return record;
}

export function newSession(sessionId: string, at: string): SelfcareSession {
  return {
    sessionId,
    startedAt: at,
    lastActivityAt: at,
    flowPositions: {},
    votedArticleIds: [],
    activities: [],
    foldedActivities: 0,
    counters: { searches: 0, searchesWithoutResult: 0, searchesWithoutClick: 0, articlesViewed: 0, votes: 0, flowSteps: 0 },
    version: 1,
  };
}

/** The session after one more activity: appended, the oldest folded beyond the bound, counters kept. */
export function withActivity(session: SelfcareSession, activity: SessionActivity): SelfcareSession {
  const counters = { ...session.counters };
  const lastSearch = [...session.activities].reverse().find((a) => a.type === 'search' || a.type === 'article_viewed');
  if (activity.type === 'search') {
    counters.searches++;
    if (activity.resultCount === 0) counters.searchesWithoutResult++;
    else counters.searchesWithoutClick++;
  }
  if (activity.type === 'article_viewed') {
    counters.articlesViewed++;
    // The latest search is no longer one without a click once an article is viewed after it.
    if (lastSearch?.type === 'search' && lastSearch.resultCount > 0) counters.searchesWithoutClick--;
  }
  if (activity.type === 'article_voted') counters.votes++;
  if (activity.type === 'flow_step') counters.flowSteps++;
  const activities = [...session.activities, activity];
  const folded = Math.max(0, activities.length - maxSessionActivities);
  return {
    ...session,
    activities: activities.slice(folded),
    foldedActivities: session.foldedActivities + folded,
    counters,
    lastActivityAt: activity.at,
    version: session.version + 1,
  };
}

/**
 * 128 random bits, base64url: the id is the only key to an anonymous session, so it cannot be
 * guessed or enumerated (unlike the time-sortable ids of other records).
 */
export function newSessionId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `scs_${Buffer.from(bytes).toString('base64url')}`;
}

/** What an agent reads first in the handoff view: what the visitor already tried, in their words. */
export interface AlreadyTriedEntry {
  at: string;
  kind: 'flow_step' | 'article_viewed' | 'article_voted' | 'search_without_result' | 'said';
  summary: string;
  sessionId?: string;
  flowId?: string;
  stepId?: string;
  answer?: string;
  articleId?: string;
  articleTitle?: string;
  helpful?: boolean;
  /** A vote's reason, in the customer's words. */
  reason?: string;
  /** A search that found nothing: what the customer typed. */
  query?: string;
  interactionId?: string;
  /** `said`: the channel of the contact they said it in. */
  channel?: Channel;
  actions?: TriedAction[];
}

/** The article ids a session's activities name (views and votes), for their titles. */
export function articleIdsOf(session: SelfcareSession): string[] {
  return [...new Set(session.activities.flatMap((a) => (a.type === 'article_viewed' || a.type === 'article_voted' ? [a.articleId] : [])))];
}

/**
 * The session's activities an agent should see, as one line each ("Restart the box: Not solved",
 * `Read "My box blinks red"`), with the titles of the articles that still exist.
 */
export function alreadyTriedOf(session: SelfcareSession, titles: ReadonlyMap<string, string> = new Map()): AlreadyTriedEntry[] {
  const article = (articleId: string) => {
    const title = titles.get(articleId);
    return { name: title ? `"${title}"` : `article ${articleId}`, fields: { articleId, ...(title ? { articleTitle: title } : {}) } };
  };
  const entries: AlreadyTriedEntry[] = [];
  const sessionId = session.sessionId;
  for (const a of session.activities) {
    if (a.type === 'flow_step') {
      entries.push({
        at: a.at,
        kind: 'flow_step',
        summary: `${a.instruction}: ${a.answer}`,
        sessionId,
        flowId: a.flowId,
        stepId: a.stepId,
        answer: a.answerId,
      });
    } else if (a.type === 'article_viewed') {
      const { name, fields } = article(a.articleId);
      entries.push({ at: a.at, kind: 'article_viewed', summary: `Read ${name}`, sessionId, ...fields });
    } else if (a.type === 'article_voted') {
      const { name, fields } = article(a.articleId);
      entries.push({
        at: a.at,
        kind: 'article_voted',
        summary: `Voted ${name} ${a.helpful ? 'helpful' : 'not helpful'}${a.reason ? ` (${a.reason})` : ''}`,
        sessionId,
        ...fields,
        helpful: a.helpful,
        ...(a.reason ? { reason: a.reason } : {}),
      });
    } else if (a.type === 'search' && a.resultCount === 0) {
      entries.push({ at: a.at, kind: 'search_without_result', summary: `Searched "${a.query}": nothing found`, sessionId, query: a.query });
    }
  }
  return entries;
}
