import type { Channel } from './channels';
import type { Role } from './roles';
import type { TextAnalysis } from './text-analysis';

/** One contact with a customer, on one channel: a call, an email, a chat, a bot session... */
export interface Interaction {
  interactionId: string;
  customerId: string;
  caseId?: string;
  channel: Channel;
  direction: 'inbound' | 'outbound';
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
