import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { Language } from '../domain/channels';
import { type SegmentAttribute, segmentAttributes } from '../domain/customers';
import { IncidentId } from '../domain/ids';
import { incidentSeverities, incidentStatuses } from '../domain/incidents';
import { countedStatuses } from '../domain/notifications';
import { Line, SegmentValue, Text, TimelineQuery, Timestamp } from './common';

/** Incidents: one message to every customer of the affected segments. */

export const IncidentSeverity = z.enum(incidentSeverities);

const Severity = meta(IncidentSeverity, { description: 'critical incidents are sent even in quiet hours.' });
const IncidentMessages = meta(
  z
    .strictObject({
      fr: z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(1000))),
      en: z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(1000))),
    })
    .check(z.refine((m) => m.fr !== undefined || m.en !== undefined, { message: 'at least one language' })),
  { description: 'The message per language; customers get theirs, else the other one.' },
);

export const DeclareIncidentRequest = meta(
  z.strictObject({
    title: Line.check(z.trim(), z.minLength(1), z.maxLength(200)),
    severity: Severity,
    affected: meta(
      z
        .strictObject(
          Object.fromEntries(
            segmentAttributes.map((attribute) => [attribute, z.optional(z.array(SegmentValue).check(z.minLength(1), z.maxLength(1000)))]),
          ) as Record<SegmentAttribute, z.ZodMiniOptional<z.ZodMiniArray<typeof SegmentValue>>>,
        )
        .check(
          z.refine((a) => Object.values(a).some((values) => values && values.length > 0), {
            message: 'name at least one segment (zone, postcode, offer or product)',
          }),
        ),
      { description: 'Who is affected: customers whose segment attribute has one of these values.' },
    ),
    messages: IncidentMessages,
  }),
  { id: 'DeclareIncidentRequest' },
);

export const UpdateIncidentRequest = meta(
  z
    .strictObject({
      title: z.optional(Line.check(z.trim(), z.minLength(1), z.maxLength(200))),
      severity: z.optional(Severity),
      messages: z.optional(IncidentMessages),
      status: meta(z.optional(z.literal('resolved')), { description: 'Resolve it: the audience is told (with `messages`, else a standard text).' }),
    })
    .check(z.refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'at least one of title, severity, messages, status' })),
  { id: 'UpdateIncidentRequest' },
);

export const IncidentPath = z.object({ incidentId: IncidentId });

export const ListIncidentsQuery = z.extend(TimelineQuery, {
  segment: meta(
    z.optional(
      z
        .string()
        .check(
          z.regex(
            new RegExp(`^(${segmentAttributes.join('|')}):[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/-]{0,63}$`, 'u'),
            `a segment as attribute:value, the attribute one of ${segmentAttributes.join(', ')} (zone:75011)`,
          ),
        ),
    ),
    { description: 'Only the incidents affecting this segment, as `attribute:value` (`zone:75011`, `offer:fibre-1g`).' },
  ),
});

export const Incident = meta(
  z.object({
    incidentId: IncidentId,
    title: z.string(),
    severity: Severity,
    affected: z.partialRecord(z.enum(segmentAttributes), z.array(z.string())),
    messages: z.partialRecord(Language, z.string()),
    status: z.enum(incidentStatuses),
    revision: meta(z.int(), { description: 'Each revision is told to the audience once.' }),
    declaredAt: Timestamp,
    declaredBy: z.string(),
    updatedAt: Timestamp,
    resolvedAt: z.optional(Timestamp),
    deliveries: meta(
      z.optional(z.object(Object.fromEntries(countedStatuses.map((status) => [status, z.int()])) as Record<(typeof countedStatuses)[number], z.ZodMiniInt>)),
      {
        description:
          'Notifications of every revision so far, by notification status: sent, suppressed (no consent, no address, or a deferred revision superseded by a newer one), deferred (quiet hours, not sent yet), failed.',
      },
    ),
    contactsDuringIncident: meta(z.optional(z.int()), { description: 'Contacts recorded from affected customers while it was active.' }),
    version: meta(z.int().check(z.gte(1)), { description: 'Increments on every change.' }),
  }),
  { id: 'Incident' },
);

export const ActiveIncident = meta(
  z.pick(Incident, {
    incidentId: true,
    title: true,
    severity: true,
    affected: true,
    messages: true,
    status: true,
    revision: true,
    declaredAt: true,
    updatedAt: true,
  }),
  {
    id: 'ActiveIncident',
  },
);

export const IncidentList = meta(
  z.object({
    items: meta(z.array(ActiveIncident), { description: 'Newest first.' }),
    nextCursor: meta(z.optional(z.string()), { description: 'Pass as `cursor` to get the next (older) page; absent on the last page.' }),
  }),
  { id: 'IncidentList' },
);
