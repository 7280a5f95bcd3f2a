import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { callbackStatuses } from './callbacks';
import { caseStatuses, priorities } from './cases';
import { identityKinds } from './identities';
import { incidentSeverities } from './incidents';

/** How an event of the catalog (functions/domain/events.ts) is declared, and the parts several share. */
export interface EventDefinition<Name extends string = string, Data extends z.ZodMiniType = z.ZodMiniType> {
  readonly name: Name;
  readonly version: number;
  readonly source: string;
  readonly description: string;
  readonly data: Data;
}

export function defineEvent<const Name extends string, Data extends z.ZodMiniType>(
  definition: EventDefinition<Name, Data>,
): EventDefinition<Name, Data> & { readonly detailType: `${Name}.v${number}` } {
  return { ...definition, detailType: `${definition.name}.v${definition.version}` as `${Name}.v${number}` };
}

/** Every source starts with this prefix, so that one rule can match all of them. */
export const eventSourcePrefix = 'support.';

export const Timestamp = z.iso.datetime({ offset: true });
// The closed sets are the domain's `as const` arrays: an event cannot name a value the domain lacks.
export const Priority = z.enum(priorities);
export const CaseStatus = z.enum(caseStatuses);
export const IdentityKind = z.enum(identityKinds);
export const IncidentSeverity = z.enum(incidentSeverities);
export const CallbackStatus = z.enum(callbackStatuses);

export const change = <T extends z.ZodMiniType>(value: T) => z.object({ from: value, to: value });

/** What every event's `detail` looks like: metadata the platform adds, and the event's data. */
export const EventMetadata = z.object({
  eventId: meta(z.string(), { description: 'Unique per event: consumers use it to drop duplicates (delivery is at-least-once).' }),
  eventType: meta(z.string(), { description: 'Same as detail-type, e.g. `InteractionRecorded.v1`.' }),
  occurredAt: Timestamp,
  clientId: z.string(),
  correlationId: meta(z.string(), { description: 'The HTTP request that caused it (`x-correlation-id` header, else the API request id).' }),
});
export type EventMetadata = z.infer<typeof EventMetadata>;
