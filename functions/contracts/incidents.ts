import * as z from 'zod';
import { Language } from '../domain/channels';
import { type SegmentAttribute, segmentAttributes } from '../domain/customers';
import { IncidentId } from '../domain/ids';
import { incidentSeverities, incidentStatuses } from '../domain/incidents';
import { countedStatuses } from '../domain/notifications';
import { Line, SegmentValue, Text, TimelineQuery, Timestamp } from './common';

/** Incidents: one message to every customer of the affected segments. */

export const IncidentSeverity = z.enum(incidentSeverities);

const Severity = IncidentSeverity.meta({ description: 'critical incidents are sent even in quiet hours.' });
const IncidentMessages = z
  .object({ fr: Text.trim().min(1).max(1000).optional(), en: Text.trim().min(1).max(1000).optional() })
  .strict()
  .refine((m) => m.fr !== undefined || m.en !== undefined, { message: 'at least one language' })
  .meta({ description: 'The message per language; customers get theirs, else the other one.' });

export const DeclareIncidentRequest = z
  .object({
    title: Line.trim().min(1).max(200),
    severity: Severity,
    affected: z
      .object(
        Object.fromEntries(segmentAttributes.map((attribute) => [attribute, z.array(SegmentValue).min(1).max(1000).optional()])) as Record<
          SegmentAttribute,
          z.ZodOptional<z.ZodArray<typeof SegmentValue>>
        >,
      )
      .strict()
      .refine((a) => Object.values(a).some((values) => values && values.length > 0), {
        message: 'name at least one segment (zone, postcode, offer or product)',
      })
      .meta({ description: 'Who is affected: customers whose segment attribute has one of these values.' }),
    messages: IncidentMessages,
  })
  .strict()
  .meta({ id: 'DeclareIncidentRequest' });

export const UpdateIncidentRequest = z
  .object({
    title: Line.trim().min(1).max(200).optional(),
    severity: Severity.optional(),
    messages: IncidentMessages.optional(),
    status: z.literal('resolved').optional().meta({ description: 'Resolve it: the audience is told (with `messages`, else a standard text).' }),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'at least one of title, severity, messages, status' })
  .meta({ id: 'UpdateIncidentRequest' });

export const IncidentPath = z.object({ incidentId: IncidentId });

export const ListIncidentsQuery = TimelineQuery.extend({
  segment: z
    .string()
    .regex(
      new RegExp(`^(${segmentAttributes.join('|')}):[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/-]{0,63}$`, 'u'),
      `a segment as attribute:value, the attribute one of ${segmentAttributes.join(', ')} (zone:75011)`,
    )
    .optional()
    .meta({ description: 'Only the incidents affecting this segment, as `attribute:value` (`zone:75011`, `offer:fibre-1g`).' }),
}).strict();

export const Incident = z
  .object({
    incidentId: IncidentId,
    title: z.string(),
    severity: Severity,
    affected: z.partialRecord(z.enum(segmentAttributes), z.array(z.string())),
    messages: z.partialRecord(Language, z.string()),
    status: z.enum(incidentStatuses),
    revision: z.number().int().meta({ description: 'Each revision is told to the audience once.' }),
    declaredAt: Timestamp,
    declaredBy: z.string(),
    updatedAt: Timestamp,
    resolvedAt: Timestamp.optional(),
    deliveries: z
      .object(Object.fromEntries(countedStatuses.map((status) => [status, z.number().int()])) as Record<(typeof countedStatuses)[number], z.ZodNumber>)
      .optional()
      .meta({
        description:
          'Notifications of every revision so far, by notification status: sent, suppressed (no consent, no address, or a deferred revision superseded by a newer one), deferred (quiet hours, not sent yet), failed.',
      }),
    contactsDuringIncident: z.number().int().optional().meta({ description: 'Contacts recorded from affected customers while it was active.' }),
    version: z.number().int().min(1).meta({ description: 'Increments on every change.' }),
  })
  .meta({ id: 'Incident' });

export const ActiveIncident = Incident.pick({
  incidentId: true,
  title: true,
  severity: true,
  affected: true,
  messages: true,
  status: true,
  revision: true,
  declaredAt: true,
  updatedAt: true,
}).meta({
  id: 'ActiveIncident',
});

export const IncidentList = z
  .object({
    items: z.array(ActiveIncident).meta({ description: 'Newest first.' }),
    nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` to get the next (older) page; absent on the last page.' }),
  })
  .meta({ id: 'IncidentList' });
