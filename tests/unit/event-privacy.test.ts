import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { events } from '../../functions/domain/events';

/**
 * Events never carry personal data or free text (issue 14): an erasure cannot reach the bus's
 * archive, the event log or the client's systems that consumed them, so nothing there may name
 * or quote a person. Every event schema of the catalog is walked, at any depth: a string is an
 * enum, a constant, a timestamp, or an id (`…Id`, `…Ids`), or one of the few names of the
 * client's own configuration listed here (a skill, a team, a queue, an incident's segment values).
 */
type JsonSchema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** Strings that are not ids but names of the client's configuration, never of a person. */
const configurationNames: Record<string, string> = {
  'EscalationRequested.skill': 'a routing skill of the client config',
  'EscalationAssigned.team': 'a team of the client config',
  'SurveyAnswered.team': 'a team of the client config',
  'SurveyAnswered.queue': 'an escalation queue',
  'IncidentDeclared.affected{}[]': 'the zones, postcodes, offers, products an incident affects',
  'SurgeDetected.segment.value': 'the segment value (zone, postcode, offer, product) contacts surged in',
  'SurgeDetected.suggestedIncident.affected{}[]': 'the same segment value, as the incident to declare affects it',
  'InteractionRecorded.segments{}':
    "the segment values of the client's config the contact's customer is in (the weak signals per intent × segment), as incidents name them",
};
const idName = /(Id|Ids)$|^translationOf$|^mergedBy$/;
/** Field names that hold identities or what someone wrote: refused anywhere, whatever their type. */
const personalNames = [
  'email',
  'emails',
  'phone',
  'phones',
  'phoneNumber',
  'address',
  'name',
  'firstName',
  'lastName',
  'handle',
  'externalId',
  'social',
  'text',
  'message',
  'subject',
  'description',
  'comment',
  'query',
  'reason',
  'body',
  'title',
  'url',
  'link',
  'token',
];

function findings(schema: JsonSchema, path: string, field: string, out: string[]): string[] {
  // An object under such a name is walked instead (`subject: { changed: true }` says a subject changed, not what it says).
  if (personalNames.includes(field) && schema.type !== 'object') out.push(`${path}: a personal or free-text field name`);
  const isString = schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));
  if (isString && schema.enum === undefined && schema.const === undefined && schema.format !== 'date-time') {
    if (!idName.test(field) && !configurationNames[path]) out.push(`${path}: a string that is neither an id, a timestamp nor a closed set`);
  }
  // A change's `from` and `to` are what the changed field is (`assigneeId: { from, to }`).
  for (const [name, member] of Object.entries(schema.properties ?? {}))
    findings(member, `${path}.${name}`, name === 'from' || name === 'to' ? field : name, out);
  if (schema.items) findings(schema.items, `${path}[]`, field, out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') findings(schema.additionalProperties, `${path}{}`, field, out);
  for (const member of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) findings(member, path, field, out);
  return out;
}

describe('Event catalog: no personal data', () => {
  it.each(Object.entries(events))('%s carries ids, times and closed sets only', (name, event) => {
    expect(findings(z.toJSONSchema(event.data, { io: 'output' }) as JsonSchema, name, '', [])).toEqual([]);
  });

  it('refuses what it must: a text, an email, a free string, at any depth', () => {
    const probe = z.object({ caseId: z.string(), nested: z.object({ email: z.email() }), notes: z.array(z.string()), text: z.enum(['a']) });
    expect(findings(z.toJSONSchema(probe, { io: 'output' }) as JsonSchema, 'Probe', '', [])).toEqual([
      'Probe.nested.email: a personal or free-text field name',
      'Probe.nested.email: a string that is neither an id, a timestamp nor a closed set',
      'Probe.notes[]: a string that is neither an id, a timestamp nor a closed set',
      'Probe.text: a personal or free-text field name',
    ]);
  });
});
