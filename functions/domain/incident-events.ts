import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { segmentAttributes } from './customers';
import { incidentStatuses } from './incidents';

import { defineEvent, IncidentSeverity } from './event-definition';

/** The events of `support.incidents` (the catalog: functions/domain/events.ts). */
export const IncidentDeclared = defineEvent({
  name: 'IncidentDeclared',
  version: 1,
  source: 'support.incidents',
  description:
    'A supervisor declared an incident (an outage, a known problem): the customers in the affected segments are notified, and form its audience. Each customer of the audience hears each revision at most once, in order, and always the latest state: a customer whom a revision had not reached yet when a newer one was made hears only the newer one (the superseded revision is folded into it, as their first notice if they had heard nothing yet). A customer who joins an affected segment while the incident is active hears its current state once, as a first notice, and is in its audience from then on.',
  data: z.object({
    incidentId: z.string(),
    severity: IncidentSeverity,
    affected: meta(z.partialRecord(z.enum(segmentAttributes), z.array(z.string())), { description: 'Who is affected: segment attribute → values.' }),
    revision: meta(z.int(), { description: '1 at declaration; each update or the resolution adds one.' }),
  }),
});
export const IncidentUpdated = defineEvent({
  name: 'IncidentUpdated',
  version: 1,
  source: 'support.incidents',
  description:
    'An incident changed (new message, severity) or was resolved: a new revision, told to its audience, that is everyone told an earlier revision (even if they left the segment since); customers the declaration has not reached yet hear this revision in its place. Revisions made back to back are folded: each customer hears the latest one, never an older one after a newer one, never the same one twice.',
  data: z.object({
    incidentId: z.string(),
    severity: IncidentSeverity,
    status: z.enum(incidentStatuses),
    revision: meta(z.int(), { description: 'The new revision (2 for the first update); the resolution is the last.' }),
  }),
});
