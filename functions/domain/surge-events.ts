import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { segmentAttributes } from './customers';
import { intents } from './text-analysis';

import { defineEvent, Timestamp } from './event-definition';

/** The events of `support.kpis` (the catalog: functions/domain/events.ts). */
export const SurgeDetected = defineEvent({
  name: 'SurgeDetected',
  version: 1,
  source: 'support.kpis',
  description:
    "Contacts about one intent from one segment (zone, postcode, offer, product) in a 15-minute bucket rose above the client's surge threshold (a factor of the trailing baseline, and a minimum count): a weak signal, raised once per intent and segment while it lasts. Supervisors are told by webhook and may declare the suggested incident from it (POST /surges/{surgeId}/incident).",
  data: z.object({
    surgeId: z.string(),
    intent: z.enum(intents),
    segment: z.object({ attribute: z.enum(segmentAttributes), value: z.string() }),
    bucket: meta(Timestamp, { description: 'The start of the 15-minute bucket that crossed the threshold.' }),
    count: meta(z.int().check(z.gte(1)), { description: 'Contacts in that bucket when it was raised.' }),
    baselinePerBucket: meta(z.number().check(z.gte(0)), { description: 'The trailing baseline: mean contacts per 15-minute bucket before it.' }),
    suggestedIncident: meta(z.object({ affected: z.partialRecord(z.enum(segmentAttributes), z.array(z.string())) }), {
      description: 'The incident to declare from it (its title is on the surge: GET /surges).',
    }),
  }),
});
