import type { Priority } from './cases';

/**
 * Escalations: a case handed to a team beyond the first line. Queue kinds are fixed; the client
 * config says how each is consumed and which tiers and skills go where.
 */
export const escalationQueues = ['urgent', 'expert', 'standard'] as const;
export type EscalationQueue = (typeof escalationQueues)[number];

/** Waiting in its queue (`requested`), then `assigned` to the queue's team. */
export const escalationStatuses = ['requested', 'assigned'] as const;
export type EscalationStatus = (typeof escalationStatuses)[number];

export interface EscalationRouting {
  tiers: Record<string, EscalationQueue>;
  skills: Record<string, EscalationQueue>;
}

export interface EscalationRequest {
  tier?: number;
  skill?: string;
  priority: Priority;
}

/**
 * The queue for an escalation: urgent priority always goes to the urgent queue; otherwise a
 * known skill decides, then the tier; anything else is standard.
 */
export function routeEscalation(routing: EscalationRouting, request: EscalationRequest): EscalationQueue {
  if (request.priority === 'urgent') return 'urgent';
  if (request.skill && routing.skills[request.skill]) return routing.skills[request.skill]!;
  if (request.tier !== undefined && routing.tiers[String(request.tier)]) return routing.tiers[String(request.tier)]!;
  return 'standard';
}

export interface Escalation {
  escalationId: string;
  caseId: string;
  customerId: string;
  queue: EscalationQueue;
  tier?: number;
  skill?: string;
  priority: Priority;
  reason: string;
  status: EscalationStatus;
  requestedAt: string;
  requestedBy: string;
  team?: string;
  assignedAt?: string;
}
