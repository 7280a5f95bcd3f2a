import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { Channel } from './channels';
import { segmentAttributes } from './customers';
import { directions } from './interactions';
import { intents, sentiments } from './text-analysis';

import { defineEvent, Timestamp } from './event-definition';

/** The events of `support.interactions` (the catalog: functions/domain/events.ts). */
export const InteractionRecorded = defineEvent({
  name: 'InteractionRecorded',
  version: 1,
  source: 'support.interactions',
  description: 'A contact on any channel was recorded on a customer profile (and on a case when one was given).',
  data: z.object({
    interactionId: z.string(),
    customerId: z.string(),
    caseId: z.optional(z.string()),
    channel: Channel,
    direction: z.enum(directions),
    occurredAt: Timestamp,
    agentId: z.optional(z.string()),
    textLength: meta(z.int().check(z.gte(0)), { description: 'Length of the text in characters; the text itself stays in the table.' }),
    intents: meta(z.optional(z.array(z.enum(intents))), {
      description: 'What the text is about, when there is a text (complaint, cancellation, outage, billing).',
    }),
    sentiment: meta(z.optional(z.enum(sentiments)), { description: 'The tone of the text, when there is one.' }),
    incidentIds: meta(z.optional(z.array(z.string())), {
      description: "The active incidents affecting the customer's segments when they made this contact (the KPI contacts during an incident).",
    }),
    segments: meta(z.optional(z.partialRecord(z.enum(segmentAttributes), z.string())), {
      description: "The customer's segment attributes (zone, postcode, offer, product), for the weak signals per intent × segment; no identity.",
    }),
  }),
});
