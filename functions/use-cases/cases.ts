import { outboxEvent } from '../domain/outbox-event';
import { applyCaseUpdate, CaseRuleViolation, type CaseUpdate, type ListedCaseStatus, type Priority, type SupportCase } from '../domain/cases';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import type { EscalationQueue } from '../domain/escalations';
import type { Channel } from '../domain/channels';
import { newId } from '../domain/ids';
import { nextSlaDueAt, slaAfterCaseChange, startSla } from '../domain/sla';
import { byOccurredAt, groupByChannel, type Interaction, recentWindowDays } from '../domain/interactions';
import { alreadyTriedActions, intents, triedActionLabels } from '../domain/text-analysis';
import { type AlreadyTriedEntry, alreadyTriedOf, articleIdsOf } from '../domain/selfcare';
import type { Principal } from '../domain/roles';
import { actingCustomerId, assertCaseVisible } from './access';
import { customerView } from './customers';
import type { Dependencies } from './dependencies';
import { surveyView } from '../domain/surveys';
import { incidentsAffecting } from './active-incidents';
import { resolveCustomer } from './resolve-customer';
import { InvalidInput, NotFound, Forbidden, Conflict, UnknownReference } from './errors';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { CaseOpened, CaseUpdated } from '../domain/case-events';

export interface OpenCaseInput {
  customerId?: string;
  subject: string;
  description?: string;
  priority?: Priority;
  assigneeId?: string;
  channel?: Channel;
}

/**
 * Opens a case. Primary course: the customer (a customer opens for themselves, staff name the
 * customer; a signed-in customer without a profile yet gets one); store it with `CaseOpened`.
 */
export async function openCase(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'settings' | 'now'>,
  principal: Principal,
  input: OpenCaseInput,
  correlationId: string,
): Promise<SupportCase> {
  checkCustomerFields(principal, input);
  const acting = actingCustomerId(principal);
  const priority = input.priority ?? 'normal';
  if (acting === undefined && input.customerId === undefined) {
    throw new InvalidInput([{ field: 'customerId', message: 'is required when staff open a case' }]);
  }
  if (input.channel && !deps.settings.CHANNELS.includes(input.channel)) {
    throw new InvalidInput([{ field: 'channel', message: `"${input.channel}" is not a channel of this client` }]);
  }
  const { profile } =
    acting !== undefined
      ? await resolveCustomer(deps, { customerId: input.customerId ?? acting }, principal, { correlationId, field: '' })
      : { profile: await deps.customers.resolve(input.customerId!, true) };
  if (!profile) throw new UnknownReference('customerId', `Customer ${input.customerId} does not exist.`);

  const now = deps.now();
  const supportCase: SupportCase = {
    caseId: newId('case', now.getTime()),
    customerId: profile.customerId,
    subject: input.subject,
    ...(input.description ? { description: input.description } : {}),
    status: 'open',
    priority,
    ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
    ...(input.channel ? { channel: input.channel } : {}),
    openedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    reopenCount: 0,
    ...(deps.settings.SLA_RULES ? { sla: startSla(deps.settings.SLA_RULES, priority, now) } : {}),
    version: 1,
  };
  const event = outboxEvent(
    CaseOpened,
    {
      caseId: supportCase.caseId,
      customerId: supportCase.customerId,
      priority: supportCase.priority,
      status: supportCase.status,
      ...(supportCase.assigneeId ? { assigneeId: supportCase.assigneeId } : {}),
      ...(supportCase.channel ? { channel: supportCase.channel } : {}),
    },
    correlationId,
    now,
  );
  await deps.cases.create(supportCase, event);
  return supportCase;
}

export async function getCase(deps: Pick<Dependencies, 'customers' | 'cases'>, principal: Principal, caseId: string, consistent = false): Promise<SupportCase> {
  const supportCase = await deps.cases.get(caseId, consistent);
  if (!supportCase) throw NotFound.of('Case', caseId);
  await assertCaseVisible(deps, principal, supportCase);
  return supportCase;
}

/**
 * Case list entries one request reads at most. A filter (queue, assignee, priority) is a condition
 * on a status's list, so a rare match could otherwise read the whole list in one request; past
 * this the page ends early with a cursor (about 60 read units for 1.5 KB cases).
 */
export const caseListMaxRead = 300;

/**
 * A status's cases, most recently changed first, filtered (the agent desktop's case list).
 * Primary course: decode the cursor, read the list from it (bounded), add each case's next SLA due time.
 */
export async function listCases(
  deps: Pick<Dependencies, 'cases'>,
  principal: Principal,
  query: { status: ListedCaseStatus; queue?: EscalationQueue; assignee?: string; priority?: Priority; limit: number; cursor?: string },
) {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !after) throw new InvalidInput([{ field: 'cursor', message: 'a nextCursor returned by a previous page' }]);
  const assigneeId = query.assignee === undefined ? undefined : query.assignee === 'me' ? principal.subject : query.assignee === 'none' ? null : query.assignee;
  const { cases, last } = await deps.cases.page(
    {
      status: query.status,
      ...(query.queue ? { queue: query.queue } : {}),
      ...(assigneeId !== undefined ? { assigneeId } : {}),
      ...(query.priority ? { priority: query.priority } : {}),
    },
    { limit: query.limit, maxRead: caseListMaxRead, ...(after ? { after } : {}) },
  );
  return {
    items: cases.map((supportCase) => {
      const slaDueAt = nextSlaDueAt(supportCase.sla);
      return { ...supportCase, ...(slaDueAt ? { slaDueAt } : {}) };
    }),
    ...(last ? { nextCursor: encodeCursor(last) } : {}),
  };
}

/** Fields only staff set, on a new case as on an existing one: how urgent it is and who works it. */
const staffCaseFields = ['priority', 'assigneeId'] as const;

function checkCustomerFields(principal: Principal, fields: Partial<Record<(typeof staffCaseFields)[number], unknown>>): void {
  if (actingCustomerId(principal) === undefined) return;
  for (const field of staffCaseFields) {
    if (fields[field] !== undefined) throw new Forbidden(`Customers cannot set ${field}.`, field);
  }
}

/** What a customer may change on their own case: only its status, and not to `pending` (waiting on them). */
function checkCustomerUpdate(principal: Principal, update: CaseUpdate): void {
  if (actingCustomerId(principal) === undefined) return;
  checkCustomerFields(principal, update);
  if (update.subject !== undefined) throw new Forbidden('Customers cannot change subject.', 'subject');
  if (update.status === 'pending') throw new Forbidden('Customers cannot set a case to pending.', 'status');
}

/**
 * Changes a case. Primary course: check the caller may; apply the case rules (domain/cases.ts);
 * write with an optimistic version check and `CaseUpdated`; nothing changed → nothing written.
 */
export async function updateCase(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'settings' | 'now'>,
  principal: Principal,
  caseId: string,
  update: CaseUpdate,
  correlationId: string,
): Promise<SupportCase> {
  checkCustomerUpdate(principal, update);
  return retryOnConflict({ attempts: 3, conflict: 'The case kept changing: reload it and retry.' }, async () => {
    const current = await getCase(deps, principal, caseId, true);
    let result: ReturnType<typeof applyCaseUpdate>;
    const now = deps.now();
    try {
      result = applyCaseUpdate(current, update, now.toISOString());
    } catch (error) {
      if (error instanceof CaseRuleViolation) throw new Conflict(error.message, error.field);
      throw error;
    }
    if (Object.keys(result.changes).length === 0) return current;
    const rules = deps.settings.SLA_RULES;
    if (rules && current.sla && (result.changes.status || result.changes.priority)) {
      result.next.sla = slaAfterCaseChange(
        rules,
        current.sla,
        { openedAt: current.openedAt, priority: result.next.priority, status: result.changes.status },
        now,
      );
    }
    const event = outboxEvent(
      CaseUpdated,
      { caseId, customerId: current.customerId, changes: result.changes, reopened: result.reopened, version: result.next.version },
      correlationId,
    );
    return (await deps.cases.replace(result.next, current.version, event)) ? result.next : lostRace;
  });
}

/**
 * The handoff view. Primary course: the case and its live customer; every interaction of the
 * case and the customer's other contacts of the last days, on every channel and every merged
 * profile; grouped by channel so the next agent reads what was said and tried, where.
 */
export async function getCaseContext(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'interactions' | 'incidents' | 'selfcare' | 'surveys' | 'articles' | 'settings' | 'now'>,
  principal: Principal,
  caseId: string,
) {
  const supportCase = await getCase(deps, principal, caseId);
  const profile = await deps.customers.resolve(supportCase.customerId);
  if (!profile) throw NotFound.of('Customer', supportCase.customerId);
  const since = new Date(deps.now().getTime() - recentWindowDays * 86_400_000).toISOString();
  const [onCase, recent] = await Promise.all([deps.interactions.ofCase(caseId), deps.interactions.since([profile.customerId, ...profile.mergedFrom], since)]);
  const caseIds = new Set(onCase.map((i) => i.interactionId));
  const all: (Interaction & { onThisCase: boolean })[] = [
    ...onCase.map((i) => ({ ...i, onThisCase: true })),
    ...recent.filter((i) => !caseIds.has(i.interactionId)).map((i) => ({ ...i, onThisCase: false })),
  ];
  const channels = groupByChannel(all);
  const times = all.map((i) => i.occurredAt).sort();
  const last = channels[0];
  const analysed = all.filter((i) => i.analysis).sort(byOccurredAt);
  const [incidents, alreadyTried, surveys] = await Promise.all([
    incidentsAffecting(deps, profile.segments),
    alreadyTriedOnCase(deps, caseId, onCase),
    deps.surveys.ofCase(caseId),
  ]);
  return {
    // First when there is any (what the customer already did comes before everything, incidents
    // included); absent otherwise, so the active incidents lead.
    ...(alreadyTried.length ? { alreadyTried } : {}),
    incidents: incidents.map(({ incidentId, title, severity, declaredAt }) => ({ incidentId, title, severity, declaredAt })),
    case: supportCase,
    customer: customerView(profile),
    summary: {
      contactsOnCase: onCase.length,
      recentContacts: all.length - onCase.length,
      channelsUsed: channels.map((group) => group.channel),
      ...(times.length ? { firstContactAt: times[0], lastContactAt: times[times.length - 1] } : {}),
      ...(last ? { lastChannel: last.channel } : {}),
      intentsSeen: intents.filter((intent) => analysed.some((i) => i.analysis!.intents.includes(intent))),
      ...(analysed.length ? { latestSentiment: analysed.at(-1)!.analysis!.sentiment } : {}),
    },
    channels,
    recentWindowDays,
    // The survey results on the case, last: what the customer thought of how it was handled.
    ...(surveys.length ? { surveys: surveys.map(surveyView) } : {}),
  };
}

/**
 * What the customer already tried, oldest first: the self-care sessions handed over to the case
 * (flow steps and answers, articles read and votes, searches that found nothing), and what they
 * said they already did in their own contacts on the case ("j'ai redémarré la box").
 */
async function alreadyTriedOnCase(
  deps: Pick<Dependencies, 'selfcare' | 'articles'>,
  caseId: string,
  onCase: readonly Interaction[],
): Promise<AlreadyTriedEntry[]> {
  const sessions = await deps.selfcare.sessionsOfCase(caseId);
  const said: AlreadyTriedEntry[] = onCase
    .filter((i) => i.direction === 'inbound' && i.text)
    .flatMap((i) => {
      const actions = alreadyTriedActions(i.text!);
      if (!actions.length) return [];
      return [
        {
          at: i.occurredAt,
          kind: 'said' as const,
          summary: `Said they already ${actions.map((action) => triedActionLabels[action]).join(', ')} (${i.channel})`,
          interactionId: i.interactionId,
          channel: i.channel,
          actions,
        },
      ];
    });
  const articleIds = [...new Set(sessions.flatMap(articleIdsOf))];
  const articles = await Promise.all(articleIds.map((articleId) => deps.articles.get(articleId)));
  const titles = new Map(articles.flatMap((article) => (article ? [[article.articleId, article.title] as const] : [])));
  return [...sessions.flatMap((session) => alreadyTriedOf(session, titles)), ...said].sort((a, b) => a.at.localeCompare(b.at));
}
