import { outboxEvent } from '../domain/outbox-event';
import type { Channel } from '../domain/channels';
import { newId } from '../domain/ids';
import { allowedClockSkewMinutes, type Interaction, oldestOccurredAt } from '../domain/interactions';
import { analyseText } from '../domain/text-analysis';
import { isStaff, type Principal } from '../domain/roles';
import { automaticEscalation } from '../domain/auto-escalation';
import type { SupportCase } from '../domain/cases';
import { slaAfterFirstResponse } from '../domain/sla';
import { incidentsAffecting } from './active-incidents';
import { escalateIfNoneYet } from './escalations';
import { liveCustomerId } from './access';
import type { Dependencies } from './dependencies';
import { type ContactCustomer, resolveCustomer } from './resolve-customer';
import { Conflict, InvalidInput, Forbidden, UnknownReference, Unprocessable } from './errors';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { countContactAfterSession } from './selfcare-containment';
import { InteractionRecorded } from '../domain/interaction-events';

export interface RecordInteractionInput {
  channel: Channel;
  direction: Interaction['direction'];
  customer: ContactCustomer;
  text?: string;
  caseId?: string;
  occurredAt?: string;
  agentId?: string;
  metadata?: Record<string, string | number | boolean>;
}

/**
 * Records a contact on the customer's one profile.
 *
 * Primary course: check what needs no I/O (channel enabled for this client, the caller may say
 * what the body says, time plausible for the caller's role); check the case (exists, and is this
 * customer's; a support reply is not dated before it opened); find or create the profile; store
 * the interaction with its `InteractionRecorded` event in the same write.
 */
export async function recordInteraction(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'interactions' | 'incidents' | 'selfcare' | 'settings' | 'now'>,
  input: RecordInteractionInput,
  principal: Principal,
  correlationId: string,
) {
  const now = deps.now();
  checkChannel(deps, input.channel);
  checkSpeaker(input, principal);
  const occurredAt = checkOccurredAt(deps, input.occurredAt, principal, now);

  let caseOwner: string | undefined;
  const supportCase = input.caseId ? await deps.cases.get(input.caseId, true) : undefined;
  if (input.caseId) {
    if (!supportCase) throw new UnknownReference('caseId', `Case ${input.caseId} does not exist.`);
    caseOwner = await liveCustomerId(deps, supportCase.customerId);
    if (speaksForSupport(input, principal) && occurredAt < new Date(supportCase.openedAt)) {
      throw new Unprocessable('occurredAt', 'A reply on a case cannot be dated before the case was opened.');
    }
  }
  const resolution = await resolveCustomer(deps, input.customer, principal, {
    correlationId,
    channel: input.channel,
    ...(caseOwner ? { expectedCustomerId: caseOwner } : {}),
  });

  const incidents = await incidentsAffecting(deps, resolution.profile.segments);
  const interaction: Interaction = {
    interactionId: newId('interaction', occurredAt.getTime()),
    customerId: resolution.profile.customerId,
    ...(input.caseId ? { caseId: input.caseId } : {}),
    channel: input.channel,
    direction: input.direction,
    ...(input.text !== undefined ? { text: input.text } : {}),
    occurredAt: occurredAt.toISOString(),
    recordedAt: now.toISOString(),
    ...(input.agentId ? { agentId: input.agentId } : {}),
    recordedBy: recorderRole(principal),
    ...(input.metadata ? { metadata: input.metadata } : {}),
    ...(input.text ? { analysis: analyseText(input.text) } : {}),
    ...(incidents.length ? { incidentIds: incidents.map((incident) => incident.incidentId) } : {}),
  };
  const event = outboxEvent(
    InteractionRecorded,
    {
      interactionId: interaction.interactionId,
      customerId: interaction.customerId,
      ...(interaction.caseId ? { caseId: interaction.caseId } : {}),
      channel: interaction.channel,
      direction: interaction.direction,
      occurredAt: interaction.occurredAt,
      ...(interaction.agentId ? { agentId: interaction.agentId } : {}),
      textLength: interaction.text?.length ?? 0,
      ...(interaction.analysis ? { intents: interaction.analysis.intents, sentiment: interaction.analysis.sentiment } : {}),
      ...(interaction.incidentIds ? { incidentIds: interaction.incidentIds } : {}),
      // The weak signals count contacts per intent × segment (functions/domain/surges.ts).
      ...(Object.keys(resolution.profile.segments ?? {}).length ? { segments: resolution.profile.segments } : {}),
    },
    correlationId,
    now,
  );
  await deps.interactions.put(interaction, deps.settings.INTERACTION_RETENTION_DAYS, event);
  // The KPI "contacts during an incident": counted once the contact is stored.
  await Promise.all(incidents.map((incident) => deps.incidents.count(incident.incidentId, { contactsDuring: 1 }, interaction.interactionId)));
  // Self-care containment: a customer's contact after their signed-in session was not contained.
  if (interaction.direction === 'inbound') {
    await countContactAfterSession(deps, interaction.customerId, { at: interaction.occurredAt, channel: interaction.channel });
  }
  if (supportCase && speaksForSupport(input, principal) && supportCase.sla?.firstResponse.state === 'active') {
    await recordFirstResponse(deps, supportCase.caseId, occurredAt);
  }
  const autoEscalation = supportCase ? await escalateIfCalledFor(deps, supportCase, interaction, resolution.profile.vip === true, correlationId) : undefined;

  return {
    ...interaction,
    customerCreated: resolution.created,
    // Staff only: a customer must not learn which other profiles hold an email or phone (an
    // identity they offered and that was not added tells them it belongs to someone else).
    ...(isStaff(principal) ? { identitiesAdded: resolution.identitiesAdded } : {}),
    ...(isStaff(principal) && resolution.possibleDuplicates.length ? { possibleDuplicates: resolution.possibleDuplicates } : {}),
    ...(isStaff(principal) && autoEscalation ? { autoEscalation } : {}),
  };
}

/** Requests automatic escalations on behalf of the client's rules, as a supervisor would. */
const automaticEscalator: Principal = { subject: 'automatic-escalation', roles: ['supervisor'] };

/**
 * The client's automatic escalation rules, applied to a customer's contact (inbound) on an open
 * case not yet escalated: a complaint or cancellation in a negative tone, a VIP customer, a repeat
 * contact within the window.
 */
async function escalateIfCalledFor(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'interactions' | 'settings' | 'now'>,
  supportCase: SupportCase,
  interaction: Interaction,
  vip: boolean,
  correlationId: string,
) {
  const rules = deps.settings.ESCALATION_ROUTING?.automatic ?? {};
  if (!rules.repeatContact && !rules.negativeComplaintOrCancellation && !rules.vip) return undefined;
  // The rules read what the customer says: support's own replies (outbound) never escalate a
  // case, nor count as the customer contacting again.
  if (interaction.direction !== 'inbound') return undefined;
  if ((supportCase.status !== 'open' && supportCase.status !== 'pending') || supportCase.escalation) return undefined;
  let recentContactsOnCase = 0;
  if (rules.repeatContact) {
    const since = new Date(interaction.occurredAt).getTime() - rules.repeatContact.withinDays * 86_400_000;
    const onCase = await deps.interactions.ofCase(supportCase.caseId);
    recentContactsOnCase = onCase.filter(
      (other) => other.interactionId !== interaction.interactionId && other.direction === 'inbound' && new Date(other.occurredAt).getTime() >= since,
    ).length;
  }
  const decision = automaticEscalation(rules, { ...(interaction.analysis ? { analysis: interaction.analysis } : {}), recentContactsOnCase, vip });
  if (!decision) return undefined;
  const escalation = await escalateIfNoneYet(deps, automaticEscalator, supportCase.caseId, decision, correlationId);
  if (!escalation) return undefined;
  return { escalationId: escalation.escalationId, queue: escalation.queue, reason: decision.reason };
}

/**
 * Whether this contact is support speaking to the customer: what the first-response target waits
 * for. The caller's role decides, never the body: an agent or supervisor replying, or an
 * integration relaying a named agent's reply (a contact-centre platform). Customers cannot be
 * support (checkSpeaker refuses `outbound` and `agentId` from them).
 */
function speaksForSupport(input: RecordInteractionInput, principal: Principal): boolean {
  if (input.direction !== 'outbound') return false;
  return principal.roles.some((role) => role === 'agent' || role === 'supervisor') || (principal.roles.includes('integration') && input.agentId !== undefined);
}

/** Customers speak for themselves: they cannot record support's side of a conversation. */
function checkSpeaker(input: RecordInteractionInput, principal: Principal): void {
  if (isStaff(principal)) return;
  if (input.direction !== 'inbound') throw new Forbidden('Customers can only record what they say (direction "inbound").', 'direction');
  if (input.agentId !== undefined) throw new Forbidden('Customers cannot name an agent.', 'agentId');
}

/** The role stored as `recordedBy`: the caller's most trusted one, from the token, never the body. */
function recorderRole(principal: Principal) {
  return (['supervisor', 'agent', 'integration', 'customer'] as const).find((role) => principal.roles.includes(role))!;
}

/**
 * Meets the case's first-response target. The interaction is already stored: a lost race is
 * retried, and a case that kept changing through every attempt keeps its target running rather
 * than turn the stored contact into a 409 (a retry of the request would record it twice).
 */
async function recordFirstResponse(deps: Pick<Dependencies, 'cases' | 'now'>, caseId: string, at: Date): Promise<void> {
  try {
    await retryOnConflict({ attempts: 5, conflict: `Case ${caseId}: could not record its first response (the case kept changing)` }, async () => {
      const current = await deps.cases.get(caseId, true);
      if (current?.sla?.firstResponse.state !== 'active') return;
      const next = {
        ...current,
        sla: slaAfterFirstResponse(current.sla, at, new Date(current.openedAt)),
        updatedAt: deps.now().toISOString(),
        version: current.version + 1,
      };
      return (await deps.cases.replace(next, current.version)) ? undefined : lostRace;
    });
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
  }
}

function checkChannel(deps: Pick<Dependencies, 'settings'>, channel: Channel): void {
  if (!deps.settings.CHANNELS.includes(channel)) {
    throw new InvalidInput([{ field: 'channel', message: `"${channel}" is not a channel of this client (enabled: ${deps.settings.CHANNELS.join(', ')})` }]);
  }
}

function checkOccurredAt(deps: Pick<Dependencies, 'settings'>, occurredAt: string | undefined, principal: Principal, now: Date): Date {
  if (occurredAt === undefined) return now;
  const at = new Date(occurredAt);
  if (at.getTime() > now.getTime() + allowedClockSkewMinutes * 60_000) {
    throw new InvalidInput([{ field: 'occurredAt', message: 'is in the future' }]);
  }
  const importWindowDays = Math.min(deps.settings.INTERACTION_IMPORT_WINDOW_DAYS, deps.settings.INTERACTION_RETENTION_DAYS);
  const oldest = oldestOccurredAt(principal.roles, now, importWindowDays);
  if (at < oldest.at) throw new InvalidInput([{ field: 'occurredAt', message: oldest.reason }]);
  return at;
}
