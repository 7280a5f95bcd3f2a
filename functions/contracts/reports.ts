import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { Language } from '../domain/channels';
import { maxReportDays } from '../domain/selfcare-report';

/** Reports: what self-care answered and what it did not, from counters kept as sessions go. */

const Day = z.iso.date({ message: 'a day, YYYY-MM-DD (UTC)' });

export const SelfcareReportQuery = z.object({
  from: meta(Day, { description: 'First day (UTC), included.', example: '2026-11-01' }),
  to: meta(Day, { description: `Last day (UTC), included: at most ${maxReportDays} days after \`from\`, not before it.`, example: '2026-11-30' }),
  locale: meta(Language, { description: 'One of the client’s languages: the sessions counted under it (the locale of their first activity).' }),
});

const QueryCount = z.object({
  query: meta(z.string(), { description: 'Normalised: case and accents folded, trimmed, spaces collapsed.' }),
  count: z.int(),
});

export const SelfcareReport = meta(
  z.object({
    from: z.string(),
    to: z.string(),
    locale: Language,
    sessions: meta(z.int(), { description: 'Sessions that recorded an activity, counted on the day they started.' }),
    searches: z.int(),
    searchesWithoutResult: z.int(),
    searchesWithoutClick: meta(z.int(), { description: 'Searches with results after which no article was viewed before the next search.' }),
    topNoResultQueries: meta(z.array(QueryCount), { description: 'The 20 most frequent no-result queries of the range, most frequent first.' }),
    otherNoResultQueries: meta(z.int(), { description: 'No-result searches beyond the 200 distinct queries a day keeps, counted without their query.' }),
    handovers: meta(z.int(), { description: 'Sessions handed over to a human (chat, callback, email), counted on the day the session started.' }),
    contactsAfterSession: meta(z.int(), {
      description:
        "Signed-in sessions followed, within the client's window (selfcare.contactWindowHours) after their last activity, by the customer's contact on another channel, without a handover; counted on the day the session started. Anonymous sessions cannot be followed: they are known only by a handover.",
    }),
    sessionsFollowedByContact: meta(z.int(), { description: 'handovers + contactsAfterSession: the sessions that did not contain the need.' }),
    containmentRate: meta(z.nullable(z.number().check(z.gte(0), z.lte(1))), {
      description: '(sessions − sessionsFollowedByContact) / sessions; null when there was no session.',
    }),
    articles: meta(
      z.array(
        z.object({
          articleId: z.string(),
          views: z.int(),
          helpfulYes: z.int(),
          helpfulNo: z.int(),
          notHelpfulReasons: meta(z.array(z.string()), { description: 'The latest days’ reasons first (at most 5 a day, 10 in all).' }),
        }),
      ),
      { description: 'Articles viewed or voted on in sessions of this locale, most viewed first.' },
    ),
  }),
  { id: 'SelfcareReport' },
);
