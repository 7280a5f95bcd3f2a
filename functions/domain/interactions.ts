import type { Channel } from './channels';
import type { Role } from './roles';
import type { TextAnalysis } from './text-analysis';

/** Who spoke: the customer (`inbound`) or support (`outbound`). */
export const directions = ['inbound', 'outbound'] as const;
export type Direction = (typeof directions)[number];

/** One contact with a customer, on one channel: a call, an email, a chat, a bot session... */
export interface Interaction {
  interactionId: string;
  customerId: string;
  caseId?: string;
  channel: Channel;
  direction: Direction;
  text?: string;
  occurredAt: string;
  recordedAt: string;
  agentId?: string;
  recordedBy: Role;
  metadata?: Record<string, string | number | boolean>;
  /** What the text says (intents, sentiment), when there is a text. */
  analysis?: TextAnalysis;
  /** Active incidents that affected the customer when they made contact. */
  incidentIds?: string[];
}

/** How far ahead of our clock a channel's clock may be. */
export const allowedClockSkewMinutes = 5;

/** How far back a staff member may date a contact they record (a call summary, a visit written up later). */
export const staffBackdatingHours = 24;

/**
 * The oldest `occurredAt` a caller may give. Customers speak now (clock skew only); agents and
 * supervisors write up contacts within a day; integrations importing history go back as far as
 * the client's import window. Who may date a contact is decided by the caller's role alone.
 */
export function oldestOccurredAt(roles: readonly Role[], now: Date, importWindowDays: number): { at: Date; reason: string } {
  if (roles.includes('integration')) {
    return {
      at: new Date(now.getTime() - importWindowDays * 86_400_000),
      reason: `is older than this client's history import window (${importWindowDays} days)`,
    };
  }
  if (roles.includes('agent') || roles.includes('supervisor')) {
    return { at: new Date(now.getTime() - staffBackdatingHours * 3_600_000), reason: `is more than ${staffBackdatingHours} hours ago` };
  }
  return {
    at: new Date(now.getTime() - allowedClockSkewMinutes * 60_000),
    reason: `is more than ${allowedClockSkewMinutes} minutes ago: customers record contacts as they happen`,
  };
}

/** How far back the handoff view looks for the customer's other contacts. */
export const recentWindowDays = 7;

export interface ChannelGroup<T extends Interaction> {
  channel: Channel;
  lastContactAt: string;
  interactions: T[];
}

/**
 * Groups interactions by channel for the handoff view: the most recently active channel first,
 * and within a channel oldest first, so an agent reads each conversation in the order it went.
 */
export function groupByChannel<T extends Interaction>(interactions: readonly T[]): ChannelGroup<T>[] {
  const groups = new Map<Channel, T[]>();
  for (const interaction of [...interactions].sort(byOccurredAt)) {
    const group = groups.get(interaction.channel) ?? [];
    group.push(interaction);
    groups.set(interaction.channel, group);
  }
  return [...groups.entries()]
    .map(([channel, list]) => ({ channel, lastContactAt: list[list.length - 1]!.occurredAt, interactions: list }))
    .sort((a, b) => b.lastContactAt.localeCompare(a.lastContactAt));
}

export function byOccurredAt(a: Interaction, b: Interaction): number {
  return a.occurredAt.localeCompare(b.occurredAt) || a.interactionId.localeCompare(b.interactionId);
}
