import type { Channel, Language } from './channels';
import type { SelfcareSession, SessionActivity } from './selfcare';

/**
 * The self-care report: what each session activity adds to the day counters (kept incrementally,
 * in the same write as the session), and the report's figures from those counters. Pure.
 *
 * Days are UTC days (`YYYY-MM-DD`). Session-level figures (sessions, handovers) are counted on the
 * day the session started, so the containment rate compares sessions with their own handovers;
 * activity-level figures (searches, views, votes) on the day of the activity.
 */

/** Distinct no-result queries kept per day and locale; beyond, they are counted as "other". */
export const maxNoResultQueriesPerDay = 200;
/** "Not helpful" reasons kept per article, day and locale (the first ones of the day). */
export const maxReasonsPerArticleDay = 5;
/** The longest range a report reads (days, both ends included). */
export const maxReportDays = 92;
/** The no-result queries the report lists, most frequent first. */
export const topNoResultQueries = 20;
/** The "not helpful" reasons the report lists per article, newest day first. */
export const reasonsPerArticle = 10;

/** The day counters of one locale. */
export const dayTotalNames = ['sessions', 'searches', 'searchesWithoutResult', 'searchesWithoutClick', 'handovers', 'contactsAfter', 'noResultOther'] as const;
export type DayTotalName = (typeof dayTotalNames)[number];

/**
 * What one session write adds to the counters: the day totals (by locale and day), a no-result
 * query, an article's view or vote. Applied in the same transaction as the session write.
 */
export interface ReportIncrements {
  locale: Language;
  totals: { day: string; add: Partial<Record<DayTotalName, number>> }[];
  noResultQuery?: { day: string; query: string };
  article?: { day: string; articleId: string; views?: number; yes?: number; no?: number; reason?: string };
}

/** A query as counted: case and accents folded, trimmed, spaces collapsed ("  Résilier   BOX " → "resilier box"). */
export function normaliseQuery(query: string): string {
  return query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** The UTC day of an ISO time. */
export const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * The session's locale: fixed by its first activity (a search's locale, a flow step's flow's);
 * an article viewed or voted on first (the visitor came by a link), or a handover with nothing
 * before, fixes it to the client's default language.
 */
export function sessionLocale(session: Pick<SelfcareSession, 'locale'>, activityLocale: Language | undefined, defaultLanguage: Language): Language {
  return session.locale ?? activityLocale ?? defaultLanguage;
}

/**
 * What an activity adds, given the session before it. A session is counted once, at its first
 * activity (on the day it started); a search without result once, with its normalised query; a
 * search with results counts as "without click" until an article is viewed after it (the view
 * takes it back, on the search's day); the handover on the day the session started.
 */
export function incrementsOf(before: SelfcareSession, activity: SessionActivity, locale: Language): ReportIncrements {
  const startDay = dayOf(before.startedAt);
  const day = dayOf(activity.at);
  const totals = new Map<string, Partial<Record<DayTotalName, number>>>();
  const add = (onDay: string, name: DayTotalName, by = 1) => {
    const entry = totals.get(onDay) ?? {};
    entry[name] = (entry[name] ?? 0) + by;
    totals.set(onDay, entry);
  };
  if (before.activities.length === 0 && before.foldedActivities === 0) add(startDay, 'sessions');
  const increments: ReportIncrements = { locale, totals: [] };
  if (activity.type === 'search') {
    add(day, 'searches');
    if (activity.resultCount === 0) {
      add(day, 'searchesWithoutResult');
      const query = normaliseQuery(activity.query);
      if (query) increments.noResultQuery = { day, query };
    } else add(day, 'searchesWithoutClick');
  }
  if (activity.type === 'article_viewed') {
    const last = [...before.activities].reverse().find((a) => a.type === 'search' || a.type === 'article_viewed');
    if (last?.type === 'search' && last.resultCount > 0) add(dayOf(last.at), 'searchesWithoutClick', -1);
    increments.article = { day, articleId: activity.articleId, views: 1 };
  }
  if (activity.type === 'article_voted') {
    increments.article = {
      day,
      articleId: activity.articleId,
      ...(activity.helpful ? { yes: 1 } : { no: 1 }),
      ...(!activity.helpful && activity.reason ? { reason: activity.reason } : {}),
    };
  }
  // A session already counted as followed by a contact is not counted twice when it hands over.
  if (activity.type === 'handover' && !before.followedByContact) add(startDay, 'handovers');
  increments.totals = [...totals].map(([onDay, counts]) => ({ day: onDay, add: counts }));
  return increments;
}

/**
 * Whether a contact of the session's customer (inbound, on another channel than self-care) means
 * the session did not contain their need: the session was counted (it has an activity, so its
 * locale is fixed), was neither handed over nor already followed, and the contact came after it
 * started and at most `windowHours` after its last activity.
 */
export function contactFollowsSession(session: SelfcareSession, contactAt: string, windowHours: number): session is SelfcareSession & { locale: Language } {
  if (session.handover || session.followedByContact || session.locale === undefined) return false;
  if (session.activities.length === 0 && session.foldedActivities === 0) return false;
  const at = Date.parse(contactAt);
  return at >= Date.parse(session.startedAt) && at <= Date.parse(session.lastActivityAt) + windowHours * 3_600_000;
}

/** What a contact that followed the session adds: one on the day the session started, like a handover. */
export function contactIncrements(session: SelfcareSession & { locale: Language }): ReportIncrements {
  return { locale: session.locale, totals: [{ day: dayOf(session.startedAt), add: { contactsAfter: 1 } }] };
}

/** The session once a contact followed it (the counter and this mark are written together). */
export function followedBy(session: SelfcareSession, contact: { at: string; channel: Channel }): SelfcareSession {
  return { ...session, followedByContact: contact, version: session.version + 1 };
}

/** One day's counters of one locale, as stored. */
export interface ReportDay {
  day: string;
  totals: Partial<Record<DayTotalName, number>>;
  noResultQueries: { query: string; count: number }[];
  articles: { articleId: string; views: number; yes: number; no: number; reasons: string[] }[];
}

export interface SelfcareReport {
  from: string;
  to: string;
  locale: Language;
  sessions: number;
  searches: number;
  searchesWithoutResult: number;
  searchesWithoutClick: number;
  topNoResultQueries: { query: string; count: number }[];
  /** No-result searches beyond the day's cap of distinct queries. */
  otherNoResultQueries: number;
  /** Sessions handed over to a human. */
  handovers: number;
  /** Signed-in sessions followed, within the window, by a contact on another channel without a handover. */
  contactsAfterSession: number;
  sessionsFollowedByContact: number;
  containmentRate: number | null;
  articles: { articleId: string; views: number; helpfulYes: number; helpfulNo: number; notHelpfulReasons: string[] }[];
}

/** The days from `from` to `to`, both included (UTC). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * The report from the days' counters. Sessions followed by a contact = handovers + signed-in
 * sessions followed by a contact on another channel within the window (exclusive: a session is
 * marked when either is counted); containmentRate = (sessions − sessions followed by a contact) /
 * sessions, null without sessions; the top no-result queries summed over the days,
 * most frequent first (ties alphabetical); articles by views, then votes.
 */
export function reportOf(range: { from: string; to: string; locale: Language }, days: ReportDay[]): SelfcareReport {
  const total = (name: DayTotalName) => days.reduce((sum, d) => sum + (d.totals[name] ?? 0), 0);
  const queries = new Map<string, number>();
  for (const d of days) for (const q of d.noResultQueries) queries.set(q.query, (queries.get(q.query) ?? 0) + q.count);
  const articles = new Map<string, SelfcareReport['articles'][number]>();
  // Newest day first, so the reasons listed are the latest days'.
  for (const d of [...days].sort((a, b) => b.day.localeCompare(a.day))) {
    for (const a of d.articles) {
      const entry = articles.get(a.articleId) ?? { articleId: a.articleId, views: 0, helpfulYes: 0, helpfulNo: 0, notHelpfulReasons: [] };
      entry.views += a.views;
      entry.helpfulYes += a.yes;
      entry.helpfulNo += a.no;
      entry.notHelpfulReasons.push(...a.reasons.slice(0, reasonsPerArticle - entry.notHelpfulReasons.length));
      articles.set(a.articleId, entry);
    }
  }
  const sessions = total('sessions');
  const handovers = total('handovers');
  const contactsAfter = total('contactsAfter');
  const followed = handovers + contactsAfter;
  return {
    ...range,
    sessions,
    searches: total('searches'),
    searchesWithoutResult: total('searchesWithoutResult'),
    searchesWithoutClick: total('searchesWithoutClick'),
    topNoResultQueries: [...queries]
      .map(([query, count]) => ({ query, count }))
      .sort((a, b) => b.count - a.count || a.query.localeCompare(b.query))
      .slice(0, topNoResultQueries),
    otherNoResultQueries: total('noResultOther'),
    handovers,
    contactsAfterSession: contactsAfter,
    sessionsFollowedByContact: followed,
    containmentRate: sessions === 0 ? null : (sessions - followed) / sessions,
    articles: [...articles.values()].sort(
      (a, b) => b.views - a.views || b.helpfulYes + b.helpfulNo - (a.helpfulYes + a.helpfulNo) || a.articleId.localeCompare(b.articleId),
    ),
  };
}
