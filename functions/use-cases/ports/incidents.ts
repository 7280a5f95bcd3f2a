import type { SegmentAttribute } from '../../domain/customers';
import type { Incident } from '../../domain/incidents';
import { countedStatuses } from '../../domain/notifications';
import type { OutboxEvent } from '../../domain/outbox-event';

/** What a contact is checked against: the active incidents, as their work list keeps them. */
export type ActiveIncident = Pick<Incident, 'incidentId' | 'title' | 'severity' | 'affected' | 'declaredAt'>;

/** What an incident counts: its notifications by status (one vocabulary with the notifications), and the contacts during it. */
export const incidentCounters = [...countedStatuses, 'contactsDuring'] as const;
export type IncidentCounter = (typeof incidentCounters)[number];

export interface SegmentValue {
  attribute: SegmentAttribute;
  value: string;
}

/** Incidents, their audiences (who was told which revision) and their delivery counters. */
export interface Incidents {
  /** Shards of each incident's audience list (a later revision reads each). */
  readonly audienceShards: number;
  get(incidentId: string, consistent?: boolean): Promise<Incident | undefined>;
  create(incident: Incident, outbox: OutboxEvent): Promise<void>;
  /** Replaces the incident if unchanged since `expectedVersion`; false otherwise. */
  replace(next: Incident, expectedVersion: number, outbox: OutboxEvent): Promise<boolean>;
  /** The incidents in progress. */
  active(): Promise<ActiveIncident[]>;
  /** One page of the active incidents, newest first, that affect any of `anyOf` (absent: all) and `segment` if given. */
  activePage(options: {
    anyOf?: SegmentValue[];
    segment?: SegmentValue;
    limit: number;
    before?: string;
  }): Promise<{ incidents: Incident[]; last?: string; more: boolean }>;
  /**
   * Records that a customer of the audience is told `revision`, unless they were told a newer one
   * (then undefined). `first` when this is the first revision they are told.
   */
  claimAudience(incidentId: string, customerId: string, revision: number): Promise<{ first: boolean } | undefined>;
  /** The latest revision a customer of the audience was told, if any. */
  heard(incidentId: string, customerId: string): Promise<number | undefined>;
  /** One page of one shard of the customers an incident was told to. */
  audiencePage(incidentId: string, shard: number, cursor: string | undefined, limit: number): Promise<{ customerIds: string[]; next?: string }>;
  /** Adds to an incident's counters, on a shard picked from `shardSeed` (spread the writes). */
  count(incidentId: string, counts: Partial<Record<IncidentCounter, number>>, shardSeed: string): Promise<void>;
  counts(incidentId: string): Promise<Record<IncidentCounter, number>>;
}
