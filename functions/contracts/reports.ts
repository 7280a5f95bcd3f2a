import * as z from 'zod';
import { Language } from '../domain/channels';
import { maxReportDays } from '../domain/selfcare-report';

/** Reports: what self-care answered and what it did not, from counters kept as sessions go. */

const Day = z.iso.date({ message: 'a day, YYYY-MM-DD (UTC)' });

export const SelfcareReportQuery = z.object({
  from: Day.meta({ description: 'First day (UTC), included.', example: '2026-11-01' }),
  to: Day.meta({ description: `Last day (UTC), included: at most ${maxReportDays} days after \`from\`, not before it.`, example: '2026-11-30' }),
  locale: Language.meta({ description: 'One of the client’s languages: the sessions counted under it (the locale of their first activity).' }),
});

const QueryCount = z.object({
  query: z.string().meta({ description: 'Normalised: case and accents folded, trimmed, spaces collapsed.' }),
  count: z.number().int(),
});

export const SelfcareReport = z
  .object({
    from: z.string(),
    to: z.string(),
    locale: Language,
    sessions: z.number().int().meta({ description: 'Sessions that recorded an activity, counted on the day they started.' }),
    searches: z.number().int(),
    searchesWithoutResult: z.number().int(),
    searchesWithoutClick: z.number().int().meta({ description: 'Searches with results after which no article was viewed before the next search.' }),
    topNoResultQueries: z.array(QueryCount).meta({ description: 'The 20 most frequent no-result queries of the range, most frequent first.' }),
    otherNoResultQueries: z
      .number()
      .int()
      .meta({ description: 'No-result searches beyond the 200 distinct queries a day keeps, counted without their query.' }),
    handovers: z.number().int().meta({ description: 'Sessions handed over to a human (chat, callback, email), counted on the day the session started.' }),
    contactsAfterSession: z.number().int().meta({
      description:
        "Signed-in sessions followed, within the client's window (selfcare.contactWindowHours) after their last activity, by the customer's contact on another channel, without a handover; counted on the day the session started. Anonymous sessions cannot be followed: they are known only by a handover.",
    }),
    sessionsFollowedByContact: z.number().int().meta({ description: 'handovers + contactsAfterSession: the sessions that did not contain the need.' }),
    containmentRate: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .meta({ description: '(sessions − sessionsFollowedByContact) / sessions; null when there was no session.' }),
    articles: z
      .array(
        z.object({
          articleId: z.string(),
          views: z.number().int(),
          helpfulYes: z.number().int(),
          helpfulNo: z.number().int(),
          notHelpfulReasons: z.array(z.string()).meta({ description: 'The latest days’ reasons first (at most 5 a day, 10 in all).' }),
        }),
      )
      .meta({ description: 'Articles viewed or voted on in sessions of this locale, most viewed first.' }),
  })
  .meta({ id: 'SelfcareReport' });
