import { describe, expect, it } from 'vitest';
import { newSession, withActivity } from '../../functions/domain/selfcare';
import {
  contactFollowsSession,
  contactIncrements,
  daysBetween,
  followedBy,
  incrementsOf,
  normaliseQuery,
  type ReportDay,
  reportOf,
  sessionLocale,
} from '../../functions/domain/selfcare-report';

const at = (day: string, time = '10:00:00') => `${day}T${time}.000Z`;

describe('Function: normaliseQuery', () => {
  it.each([
    ['  Résilier   BOX ', 'resilier box'],
    ['FACTURE\télectricité', 'facture electricite'],
    ['Box clignoté', 'box clignote'],
    ['ÇA NE MARCHE PAS', 'ca ne marche pas'],
    ['   ', ''],
  ])('%j → %j', (query, normalised) => {
    expect(normaliseQuery(query)).toBe(normalised);
  });
});

describe('Function: incrementsOf', () => {
  const started = newSession('scs_AAAAAAAAAAAAAAAAAAAAAA', at('2026-11-30', '23:50:00'));

  it('counts the session once, at its first activity, on the day it started; a search on its own day', () => {
    // Act
    const first = incrementsOf(started, { type: 'search', at: at('2026-12-01'), searchId: 's1', query: 'Box  Rouge', resultCount: 0, articleIds: [] }, 'fr');
    const after = withActivity(started, { type: 'search', at: at('2026-12-01'), searchId: 's1', query: 'x', resultCount: 0, articleIds: [] });
    const second = incrementsOf(after, { type: 'search', at: at('2026-12-01'), searchId: 's2', query: 'box', resultCount: 3, articleIds: ['a'] }, 'fr');

    // Assess
    expect(first).toEqual({
      locale: 'fr',
      totals: [
        { day: '2026-11-30', add: { sessions: 1 } },
        { day: '2026-12-01', add: { searches: 1, searchesWithoutResult: 1 } },
      ],
      noResultQuery: { day: '2026-12-01', query: 'box rouge' },
    });
    expect(second).toEqual({ locale: 'fr', totals: [{ day: '2026-12-01', add: { searches: 1, searchesWithoutClick: 1 } }] });
  });

  it('a view takes back the "without click" of the search before it (on that search’s day); a vote counts yes or no with its reason', () => {
    // Prepare
    const searched = withActivity(started, {
      type: 'search',
      at: at('2026-11-30', '23:55:00'),
      searchId: 's1',
      query: 'box',
      resultCount: 2,
      articleIds: ['a'],
    });

    // Act
    const view = incrementsOf(searched, { type: 'article_viewed', at: at('2026-12-01', '00:01:00'), articleId: 'a' }, 'fr');
    const viewed = withActivity(searched, { type: 'article_viewed', at: at('2026-12-01', '00:01:00'), articleId: 'a' });
    const again = incrementsOf(viewed, { type: 'article_viewed', at: at('2026-12-01', '00:02:00'), articleId: 'b' }, 'fr');
    const no = incrementsOf(viewed, { type: 'article_voted', at: at('2026-12-01'), articleId: 'a', helpful: false, reason: 'Trop long' }, 'fr');
    const yes = incrementsOf(viewed, { type: 'article_voted', at: at('2026-12-01'), articleId: 'a', helpful: true }, 'fr');
    const handover = incrementsOf(viewed, { type: 'handover', at: at('2026-12-01'), channel: 'chat', caseId: 'case_1' }, 'fr');

    // Assess
    expect(view.totals).toEqual([{ day: '2026-11-30', add: { searchesWithoutClick: -1 } }]);
    expect(view.article).toEqual({ day: '2026-12-01', articleId: 'a', views: 1 });
    expect(again.totals).toEqual([]);
    expect(no.article).toEqual({ day: '2026-12-01', articleId: 'a', no: 1, reason: 'Trop long' });
    expect(yes.article).toEqual({ day: '2026-12-01', articleId: 'a', yes: 1 });
    // The handover counts on the day the session started, like the session.
    expect(handover.totals).toEqual([{ day: '2026-11-30', add: { handovers: 1 } }]);
  });

  it('the session’s locale is fixed by its first activity, else the default language', () => {
    expect(sessionLocale({}, 'fr', 'en')).toBe('fr');
    expect(sessionLocale({ locale: 'en' }, 'fr', 'en')).toBe('en');
    expect(sessionLocale({}, undefined, 'en')).toBe('en');
  });
});

describe('Function: reportOf', () => {
  const day = (d: string, partial: Partial<ReportDay>): ReportDay => ({ day: d, totals: {}, noResultQueries: [], articles: [], ...partial });
  const range = { from: '2026-11-01', to: '2026-11-03', locale: 'fr' as const };

  it('sums the days; containment = (sessions − followed by a contact) / sessions; top queries by count then alphabet', () => {
    // Act
    const report = reportOf(range, [
      day('2026-11-01', {
        totals: { sessions: 3, searches: 5, searchesWithoutResult: 2, searchesWithoutClick: 1, handovers: 1 },
        noResultQueries: [
          { query: 'b', count: 1 },
          { query: 'a', count: 1 },
        ],
        articles: [{ articleId: 'x', views: 2, yes: 1, no: 1, reasons: ['old'] }],
      }),
      day('2026-11-02', {
        totals: { sessions: 1, searches: 1, searchesWithoutResult: 1, noResultOther: 4 },
        noResultQueries: [{ query: 'b', count: 1 }],
        articles: [
          { articleId: 'x', views: 1, yes: 0, no: 1, reasons: ['new'] },
          { articleId: 'y', views: 5, yes: 0, no: 0, reasons: [] },
        ],
      }),
    ]);

    // Assess
    expect(report).toEqual({
      ...range,
      sessions: 4,
      searches: 6,
      searchesWithoutResult: 3,
      searchesWithoutClick: 1,
      topNoResultQueries: [
        { query: 'b', count: 2 },
        { query: 'a', count: 1 },
      ],
      otherNoResultQueries: 4,
      handovers: 1,
      contactsAfterSession: 0,
      sessionsFollowedByContact: 1,
      containmentRate: 0.75,
      articles: [
        { articleId: 'y', views: 5, helpfulYes: 0, helpfulNo: 0, notHelpfulReasons: [] },
        // The latest day's reasons first.
        { articleId: 'x', views: 3, helpfulYes: 1, helpfulNo: 2, notHelpfulReasons: ['new', 'old'] },
      ],
    });
  });

  it('a session followed by a contact elsewhere is not contained either: followed = handovers + contacts after a session', () => {
    // Act
    const report = reportOf(range, [
      day('2026-11-01', { totals: { sessions: 2, handovers: 1 } }),
      day('2026-11-02', { totals: { sessions: 2, contactsAfter: 1 } }),
    ]);

    // Assess
    expect(report).toMatchObject({ sessions: 4, handovers: 1, contactsAfterSession: 1, sessionsFollowedByContact: 2, containmentRate: 0.5 });
  });

  it('no session: a null containment rate; at most 20 top queries', () => {
    const queries = Array.from({ length: 25 }, (_, i) => ({ query: `q${String(i).padStart(2, '0')}`, count: i + 1 }));
    const report = reportOf(range, [day('2026-11-01', { noResultQueries: queries })]);
    expect(report.containmentRate).toBeNull();
    expect(report.topNoResultQueries).toHaveLength(20);
    expect(report.topNoResultQueries[0]).toEqual({ query: 'q24', count: 25 });
  });

  it('daysBetween lists both ends, across a month', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(daysBetween('2026-12-02', '2026-12-01')).toEqual([]);
  });
});

describe('Function: contactFollowsSession, a contact elsewhere after a signed-in session', () => {
  const started = newSession('scs_AAAAAAAAAAAAAAAAAAAAAA', at('2026-11-30', '23:50:00'));
  const searched = {
    ...withActivity(started, { type: 'search', at: at('2026-12-01', '00:10:00'), searchId: 's1', query: 'box', resultCount: 0, articleIds: [] }),
    locale: 'fr' as const,
    customerId: 'cus_1',
  };

  it.each([
    ['during the session', at('2026-12-01', '00:05:00'), true],
    ['just after its last activity', at('2026-12-01', '00:11:00'), true],
    ['at the end of the window', at('2026-12-02', '00:10:00'), true],
    ['one minute past the window', at('2026-12-02', '00:11:00'), false],
    ['before the session started', at('2026-11-30', '23:00:00'), false],
  ])('a contact %s: %s', (_, contactAt, follows) => {
    expect(contactFollowsSession(searched, contactAt, 24)).toBe(follows);
  });

  it('a session with no activity (never counted), handed over, or already followed is not followed again', () => {
    const handedOver = { ...searched, handover: { caseId: 'case_1', channel: 'chat' as const, at: at('2026-12-01', '00:12:00') } };
    const followed = followedBy(searched, { at: at('2026-12-01', '01:00:00'), channel: 'phone' });
    expect(contactFollowsSession({ ...started, customerId: 'cus_1' }, at('2026-12-01', '00:05:00'), 24)).toBe(false);
    expect(contactFollowsSession(handedOver, at('2026-12-01', '00:20:00'), 24)).toBe(false);
    expect(contactFollowsSession(followed, at('2026-12-01', '02:00:00'), 24)).toBe(false);
  });

  it('counts one on the day the session started, and a later handover of that session adds no handover', () => {
    // Act
    const counted = contactIncrements(searched);
    const followed = followedBy(searched, { at: at('2026-12-01', '01:00:00'), channel: 'phone' });
    const handover = incrementsOf(followed, { type: 'handover', at: at('2026-12-01', '02:00:00'), channel: 'chat', caseId: 'case_1' }, 'fr');

    // Assess
    expect(counted).toEqual({ locale: 'fr', totals: [{ day: '2026-11-30', add: { contactsAfter: 1 } }] });
    expect(followed).toMatchObject({ followedByContact: { channel: 'phone' }, version: searched.version + 1 });
    expect(handover.totals).toEqual([]);
  });
});
