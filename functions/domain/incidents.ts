import type { Language } from './channels';
import type { SegmentAttribute, Segments } from './customers';

/**
 * Incidents: one message, many customers. A supervisor declares who is affected by segment
 * (zone, postcode, offer, product); each revision (declaration, update, resolution) is told to
 * that audience once.
 */
export const incidentSeverities = ['minor', 'major', 'critical'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];
export const incidentStatuses = ['active', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export interface Incident {
  incidentId: string;
  title: string;
  severity: IncidentSeverity;
  affected: Partial<Record<SegmentAttribute, string[]>>;
  messages: Partial<Record<Language, string>>;
  status: IncidentStatus;
  /** 1 at declaration; each update or the resolution adds one, and is notified again. */
  revision: number;
  declaredAt: string;
  declaredBy: string;
  updatedAt: string;
  resolvedAt?: string;
  version: number;
}

/** The segments of an incident's audience, in a fixed order (a fan-out resumes by position). */
export function audienceSegments(incident: Pick<Incident, 'affected'>): { attribute: SegmentAttribute; value: string }[] {
  return (Object.entries(incident.affected) as [SegmentAttribute, string[]][])
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([attribute, values]) => [...new Set(values)].sort().map((value) => ({ attribute, value })));
}

/** Whether a customer with these segments is affected. */
export function affects(incident: Pick<Incident, 'affected'>, segments: Segments | undefined): boolean {
  if (!segments) return false;
  return audienceSegments(incident).some(({ attribute, value }) => segments[attribute] === value);
}

/** The text in the customer's language, else the first one given. */
export function incidentText(incident: Pick<Incident, 'messages' | 'title'>, language: Language): { language: Language; text: string } {
  const text = incident.messages[language];
  if (text) return { language, text };
  const [other, fallback] = Object.entries(incident.messages)[0] as [Language, string];
  return { language: other, text: fallback };
}

/** Urgent incidents go out even in quiet hours. */
export function isUrgent(severity: IncidentSeverity): boolean {
  return severity === 'critical';
}
