import type { Channel } from '../domain/channels';
import type { IdentityInput } from '../domain/identities';
import { identitiesOf } from '../domain/identities';
import { identityKey } from '../domain/customers';
import { newId } from '../domain/ids';
import type { Interaction } from '../domain/interactions';
import { outboxEvent } from '../domain/outbox-event';
import type { Principal } from '../domain/roles';
import {
  type Flow,
  type FlowNext,
  type FlowOutcome,
  type FlowStep,
  type HandoverChannel,
  newSession,
  newSessionId,
  type SelfcareSession,
  type SessionActivity,
  withActivity,
  withoutExpiry,
} from '../domain/selfcare';
import { incrementsOf, sessionLocale } from '../domain/selfcare-report';
import type { Language } from '../domain/channels';
import { analyseText } from '../domain/text-analysis';
import { openCase } from './cases';
import { requestCallback } from './callbacks';
import { actingCustomerId, actsFor } from './access';
import type { Dependencies } from './dependencies';
import { Conflict, NotFound, UnknownReference, Unprocessable } from './errors';
import type { QueueDepth } from './ports/queues';
import { resolveCustomer } from './resolve-customer';
import { lostRace, retryOnConflict } from './retry-on-conflict';
import { InteractionRecorded } from '../domain/interaction-events';
import { SelfcareHandover } from '../domain/selfcare-events';

/** The default when the function was deployed without the selfcare setting (the client config's default). */
const defaultTtlHours = 24;
const ttlOf = (deps: Pick<Dependencies, 'settings'>, from: Date) =>
  new Date(from.getTime() + (deps.settings.SELFCARE_SESSION_TTL_HOURS ?? defaultTtlHours) * 3_600_000);

export interface CreateFlowInput {
  flowId: string;
  locale: Flow['locale'];
  title: string;
  startStepId: string;
  steps: FlowStep[];
}

/** Stores a flow (its tree was checked by the contract: every step exists and is reachable). One flow per id: a second is a 409. */
export async function createFlow(deps: Pick<Dependencies, 'selfcare' | 'now'>, input: CreateFlowInput): Promise<Flow> {
  const flow: Flow = { ...input, createdAt: deps.now().toISOString(), version: 1 };
  if (!(await deps.selfcare.createFlow(flow))) throw new Conflict(`Flow ${input.flowId} already exists.`, 'flowId');
  return flow;
}

export async function getFlow(deps: Pick<Dependencies, 'selfcare'>, flowId: string): Promise<Flow> {
  const flow = await deps.selfcare.getFlow(flowId);
  if (!flow) throw NotFound.of('Flow', flowId);
  return flow;
}

/** A new anonymous session: nothing about the visitor is stored, only what they will do. */
export async function createSession(deps: Pick<Dependencies, 'selfcare' | 'settings' | 'now'>) {
  const now = deps.now();
  const session = newSession(newSessionId(), now.toISOString());
  const expiresAt = ttlOf(deps, now);
  await deps.selfcare.createSession(session, expiresAt);
  return { sessionId: session.sessionId, expiresAt: expiresAt.toISOString() };
}

/** A live session, or 404: an unknown, expired or mistyped id are the same answer, so ids cannot be probed. */
async function liveSession(deps: Pick<Dependencies, 'selfcare' | 'now'>, sessionId: string) {
  const session = await deps.selfcare.getSession(sessionId, deps.now());
  if (!session) throw NotFound.of('Self-care session', sessionId);
  return session;
}

/**
 * Appends an activity to a session, with an optimistic version check (two tabs of one visitor
 * write one after the other). `check` refuses, before anything is written, what the session's
 * current state forbids. A session handed over lives on with its case; otherwise each activity
 * pushes its expiry (the TTL counts from the last activity).
 */
async function appendActivity<T>(
  deps: Pick<Dependencies, 'selfcare' | 'settings' | 'now'>,
  sessionId: string,
  build: (session: SelfcareSession) => {
    activity: SessionActivity;
    result: T;
    change?: (next: SelfcareSession) => SelfcareSession;
    /** The locale the activity is in (a search's, a flow's): the session's, if it has none yet. */
    locale?: Language;
  },
): Promise<{ session: SelfcareSession & { expiresAt: string }; result: T }> {
  return retryOnConflict({ attempts: 3, conflict: 'The session kept changing: retry.' }, async () => {
    const current = await liveSession(deps, sessionId);
    const { activity, result, change, locale } = build(current);
    const { reportLocale, counts } = countsOf(deps, current, activity, locale);
    const appended = { ...withActivity(current, activity), locale: reportLocale };
    const next = change ? change(appended) : appended;
    const expiresAt = current.handover ? new Date(current.expiresAt) : ttlOf(deps, new Date(activity.at));
    const record = withoutExpiry(next);
    // The report's counters are written with the session, in one transaction: a lost race counts nothing.
    const written = await deps.selfcare.replaceSession(record, current.version, expiresAt, {
      ...(current.handover ? { caseId: current.handover.caseId } : {}),
      counts,
      ...followUpOf(record),
    });
    return written ? { session: { ...record, expiresAt: expiresAt.toISOString() }, result } : lostRace;
  });
}

/**
 * A signed-in session not yet handed over nor followed keeps its follow-up note, pushed with its
 * expiry on each activity: the customer's contacts elsewhere are checked against it.
 */
function followUpOf(session: SelfcareSession): { followUp?: string } {
  return session.customerId && !session.handover && !session.followedByContact ? { followUp: session.customerId } : {};
}

/** What the activity adds to the self-care report, under the session's locale (fixed by its first activity). */
function countsOf(deps: Pick<Dependencies, 'settings'>, current: SelfcareSession, activity: SessionActivity, locale: Language | undefined) {
  const reportLocale = sessionLocale(current, locale, deps.settings.DEFAULT_LANGUAGE ?? 'en');
  return { reportLocale, counts: incrementsOf(current, activity, reportLocale) };
}

export type SessionEventInput = { type: 'article_viewed'; articleId: string } | { type: 'article_voted'; articleId: string; helpful: boolean; reason?: string };

/**
 * An article viewed or voted on: a published one (what the site can show), else a 422 naming
 * `articleId`, so the report never counts an id nobody can read. One vote per article per
 * session: a second is a 409, nothing written.
 */
export async function recordSessionEvent(deps: Pick<Dependencies, 'selfcare' | 'articles' | 'settings' | 'now'>, sessionId: string, input: SessionEventInput) {
  const article = await deps.articles.get(input.articleId);
  if (article?.status !== 'published') throw new UnknownReference('articleId', `No published article ${input.articleId}.`);
  const at = deps.now().toISOString();
  const { session } = await appendActivity(deps, sessionId, (current) => {
    if (input.type === 'article_viewed') return { activity: { type: 'article_viewed', at, articleId: input.articleId }, result: undefined };
    if (current.votedArticleIds.includes(input.articleId)) throw new Conflict(`This session already voted on article ${input.articleId}.`, 'articleId');
    return {
      activity: { type: 'article_voted', at, articleId: input.articleId, helpful: input.helpful, ...(input.reason ? { reason: input.reason } : {}) },
      result: undefined,
      change: (next) => ({ ...next, votedArticleIds: [...next.votedArticleIds, input.articleId] }),
    };
  });
  return summaryOf(session);
}

function summaryOf(session: SelfcareSession & { expiresAt: string }) {
  return {
    sessionId: session.sessionId,
    startedAt: session.startedAt,
    lastActivityAt: session.lastActivityAt,
    activities: session.foldedActivities + session.activities.length,
    expiresAt: session.expiresAt,
  };
}

export interface SearchRecord {
  searchId: string;
  locale: Language;
  query: string;
  resultCount: number;
  articleIds: string[];
  at: string;
}

/**
 * A search made in a session (the search route calls it): the query, how many results, which
 * articles were shown (at most 20 kept). The query is free text and stays only on the session,
 * until it expires.
 */
export async function recordSearch(deps: Pick<Dependencies, 'selfcare' | 'settings' | 'now'>, sessionId: string, search: SearchRecord): Promise<void> {
  await appendActivity(deps, sessionId, () => ({
    activity: {
      type: 'search',
      at: search.at,
      searchId: search.searchId,
      query: search.query.slice(0, 200),
      resultCount: search.resultCount,
      articleIds: search.articleIds.slice(0, 20),
    },
    result: undefined,
    locale: search.locale,
  }));
}

export interface StepInput {
  flowId: string;
  stepId: string;
  answer: string;
}

/**
 * One answer in a flow. Primary course: the flow exists; the step is where the session stands in
 * it (its start at first, or the step the previous answer led to; a flow that ended starts over at
 * its start); the answer is one of that step's; record it and move the session on.
 */
export async function answerStep(deps: Pick<Dependencies, 'selfcare' | 'settings' | 'now'>, sessionId: string, input: StepInput) {
  const flow = await deps.selfcare.getFlow(input.flowId);
  if (!flow) throw new Unprocessable('flowId', `Flow ${input.flowId} does not exist.`);
  const step = flow.steps.find((s) => s.stepId === input.stepId);
  if (!step) throw new Unprocessable('stepId', `Flow ${flow.flowId} has no step ${input.stepId}.`);
  const answer = step.answers.find((a) => a.answerId === input.answer);
  if (!answer)
    throw new Unprocessable('answer', `Step ${step.stepId} has no answer ${input.answer} (its answers: ${step.answers.map((a) => a.answerId).join(', ')}).`);
  const at = deps.now().toISOString();
  await appendActivity(deps, sessionId, (current) => {
    const position = current.flowPositions[flow.flowId] ?? flow.startStepId;
    if (input.stepId !== position && input.stepId !== flow.startStepId) {
      throw new Conflict(`The session is at step ${position} of flow ${flow.flowId}, not ${input.stepId}.`, 'stepId');
    }
    return {
      activity: {
        type: 'flow_step',
        at,
        flowId: flow.flowId,
        stepId: step.stepId,
        instruction: step.instruction,
        answerId: answer.answerId,
        answer: answer.label,
        next: answer.next,
      },
      result: undefined,
      locale: flow.locale,
      change: (next) => {
        const positions = { ...next.flowPositions };
        if ('step' in answer.next) positions[flow.flowId] = answer.next.step;
        else delete positions[flow.flowId];
        return { ...next, flowPositions: positions };
      },
    };
  });
  return { flowId: flow.flowId, stepId: step.stepId, answer: answer.answerId, next: nextView(flow, answer.next) };
}

function nextView(
  flow: Flow,
  next: FlowNext,
): { type: 'step'; step: FlowStep } | { type: 'article'; articleId: string } | { type: 'outcome'; outcome: FlowOutcome } {
  if ('step' in next) return { type: 'step' as const, step: flow.steps.find((s) => s.stepId === next.step)! };
  if ('articleId' in next) return { type: 'article' as const, articleId: next.articleId };
  return { type: 'outcome' as const, outcome: next.outcome };
}

/**
 * A signed-in customer claims the session they are in (the site got their token after the session
 * started): it is bound to their profile from then on, and becomes a `web_selfcare` contact on their
 * timeline. A session bound to someone else answers 404, like an unknown one; binding again is a no-op.
 */
export async function identifySession(
  deps: Pick<Dependencies, 'customers' | 'interactions' | 'selfcare' | 'settings' | 'now'>,
  principal: Principal,
  sessionId: string,
  correlationId: string,
) {
  const acting = actingCustomerId(principal);
  if (acting === undefined) throw new Unprocessable('sessionId', 'Only a customer identifies a session, as themselves.');
  const current = await liveSession(deps, sessionId);
  if (current.customerId !== undefined) {
    if (!(await actsFor(deps, principal, current.customerId))) throw NotFound.of('Self-care session', sessionId);
    return { ...summaryOf(current), customerId: current.customerId };
  }
  const { profile } = await resolveCustomer(deps, { customerId: acting }, principal, { correlationId, channel: 'web_selfcare', field: '' });
  const now = deps.now();
  const bound: SelfcareSession = { ...withoutExpiry(current), customerId: profile.customerId, version: current.version + 1 };
  if (!(await deps.selfcare.replaceSession(bound, current.version, new Date(current.expiresAt), followUpOf(bound)))) {
    throw new Conflict('The session changed while it was identified: retry.', 'sessionId');
  }
  await recordSelfcareContact(deps, profile.customerId, undefined, 'Self-care session (signed in).', { selfcareSessionId: sessionId }, correlationId, now);
  return { ...summaryOf({ ...bound, expiresAt: current.expiresAt }), customerId: profile.customerId };
}

/** The visitor's contact on the `web_selfcare` channel, as any contact is recorded (timeline, context, `InteractionRecorded`). */
async function recordSelfcareContact(
  deps: Pick<Dependencies, 'interactions' | 'settings'>,
  customerId: string,
  caseId: string | undefined,
  text: string,
  metadata: Record<string, string>,
  correlationId: string,
  now: Date,
): Promise<Interaction> {
  const interaction: Interaction = {
    interactionId: newId('interaction', now.getTime()),
    customerId,
    ...(caseId ? { caseId } : {}),
    channel: 'web_selfcare',
    direction: 'inbound',
    text,
    occurredAt: now.toISOString(),
    recordedAt: now.toISOString(),
    recordedBy: 'integration',
    metadata,
    analysis: analyseText(text),
  };
  await deps.interactions.put(
    interaction,
    deps.settings.INTERACTION_RETENTION_DAYS,
    outboxEvent(
      InteractionRecorded,
      {
        interactionId: interaction.interactionId,
        customerId,
        ...(caseId ? { caseId } : {}),
        channel: 'web_selfcare',
        direction: 'inbound',
        occurredAt: interaction.occurredAt,
        textLength: text.length,
        intents: interaction.analysis!.intents,
        sentiment: interaction.analysis!.sentiment,
      },
      correlationId,
      now,
    ),
  );
  return interaction;
}

export interface HandoverInput {
  channel: HandoverChannel;
  customer: IdentityInput & { customerId?: string };
  message?: string;
}

/** Who records a handover: the self-care site, trusted like a platform recording for a customer, never acting as one. */
const selfcareSite: Principal = { subject: 'selfcare', roles: ['integration'] };
/** Identities in the order they pick a profile (resolveCustomer's trust order). */
const trustOrder = ['externalId', 'email', 'phone'] as const;

/**
 * The contact an earlier attempt of this handover recorded on the case, if one did: the handover
 * is several writes (profile, case, contact, callback, session), and a retry after a failure
 * between them must finish it without writing any of them twice. The profile and the open
 * self-care case are found again, the callback is the customer's open one, and this is the contact.
 */
async function handoverContactOf(deps: Pick<Dependencies, 'interactions'>, caseId: string, sessionId: string): Promise<Interaction | undefined> {
  const contacts = await deps.interactions.ofCase(caseId);
  return contacts.find((contact) => contact.metadata?.selfcareSessionId === sessionId && contact.metadata.handover !== undefined);
}

/**
 * Hands a session over to a human. Primary course: the session is live and not handed over yet;
 * the visitor's identity picks their profile (or creates one) the way a contact does, except that
 * a public caller never adds identities to a profile that exists (an email given here is a
 * contact, not a claim: the phone given with someone else's email stays off their profile) and
 * cannot name a profile id; the customer's open self-care case is reused, else one opened; the
 * visitor's words are a `web_selfcare` contact on it (the timeline, the context and
 * `InteractionRecorded` as for any contact); a callback is requested (scheduled into the next
 * window when nobody can call now); the session is filed under the case with `SelfcareHandover`
 * and kept as long as the case's contacts, the last write: until it, a retry redoes the handover
 * and finds each earlier write again (handoverContactOf). The answer is the same whether the
 * identity was known.
 */
export async function handover(
  deps: Pick<Dependencies, 'customers' | 'cases' | 'interactions' | 'callbacks' | 'queueStats' | 'selfcare' | 'settings' | 'now'> & {
    callbackQueueDepth: () => Promise<QueueDepth>;
  },
  sessionId: string,
  input: HandoverInput,
  correlationId: string,
) {
  const session = await liveSession(deps, sessionId);
  if (session.handover) throw new Conflict(`This session was already handed over (case ${session.handover.caseId}).`, 'sessionId');
  if (input.customer.customerId !== undefined) {
    throw new Unprocessable('customer.customerId', 'The self-care site cannot name a customer profile: give an email or a phone number.');
  }
  if (input.channel === 'callback' && !input.customer.phone) throw new Unprocessable('customer.phone', 'A callback needs the phone number to call.');
  if (input.channel === 'email' && !input.customer.email) throw new Unprocessable('customer.email', 'An email handover needs the email address to answer.');

  const channel: Channel = 'web_selfcare';
  // A session a signed-in customer identified is theirs: the identity given here does not move it.
  const { profile } = session.customerId
    ? { profile: (await deps.customers.resolve(session.customerId, true)) ?? { customerId: session.customerId } }
    : await resolveCustomer(deps, await contactToResolve(deps, input.customer), selfcareSite, { correlationId, channel, field: 'customer' });
  const subject = subjectOf(deps, session);
  const reused = await openSelfcareCase(deps, profile.customerId, subject);
  const supportCase =
    reused ??
    (await openCase(
      deps,
      selfcareSite,
      { customerId: profile.customerId, subject, channel, ...(input.message ? { description: input.message } : {}) },
      correlationId,
    ));

  const now = deps.now();
  const text = input.message ?? `Self-care session handed over (${input.channel}).`;
  const interaction =
    (await handoverContactOf(deps, supportCase.caseId, session.sessionId)) ??
    (await recordSelfcareContact(
      deps,
      profile.customerId,
      supportCase.caseId,
      text,
      { selfcareSessionId: session.sessionId, handover: input.channel },
      correlationId,
      now,
    ));

  const callback =
    input.channel === 'callback'
      ? (
          await requestCallback(
            deps,
            selfcareSite,
            { customerId: profile.customerId, phone: input.customer.phone!, reason: subject, when: 'asap', scheduleIfClosed: true },
            correlationId,
          )
        ).callback
      : undefined;

  // Filed under the case and kept with its contacts: the handoff view reads it as "already tried".
  const keepUntil = new Date(now.getTime() + (deps.settings.RETENTION_SECONDS?.selfcareSessions ?? deps.settings.INTERACTION_RETENTION_DAYS * 86_400) * 1000);
  await retryOnConflict({ attempts: 3, conflict: 'The session kept changing: retry.' }, async () => {
    const current = await liveSession(deps, sessionId);
    const activity: SessionActivity = { type: 'handover', at: now.toISOString(), channel: input.channel, caseId: supportCase.caseId };
    const { reportLocale, counts } = countsOf(deps, current, activity, undefined);
    const record = withoutExpiry(withActivity(current, activity));
    const next: SelfcareSession = {
      ...record,
      locale: reportLocale,
      customerId: profile.customerId,
      handover: { caseId: supportCase.caseId, channel: input.channel, at: now.toISOString() },
    };
    const event = outboxEvent(
      SelfcareHandover,
      {
        sessionId,
        caseId: supportCase.caseId,
        customerId: profile.customerId,
        channel: input.channel,
        startedAt: current.startedAt,
        searches: current.counters.searches,
        searchesWithoutResult: current.counters.searchesWithoutResult,
        flowSteps: current.counters.flowSteps,
        articlesViewed: current.counters.articlesViewed,
      },
      correlationId,
      now,
    );
    return (await deps.selfcare.replaceSession(next, current.version, keepUntil, { caseId: supportCase.caseId, outbox: event, counts })) ? undefined : lostRace;
  });

  return {
    caseId: supportCase.caseId,
    customerId: profile.customerId,
    sessionId,
    channel: input.channel,
    interactionId: interaction.interactionId,
    ...(callback ? { callback } : {}),
  };
}

/**
 * The identities that pick the profile: the most trusted one a profile already owns, alone (so
 * nothing is added to that profile on a public caller's word), else all of them (a new profile).
 */
async function contactToResolve(deps: Pick<Dependencies, 'customers'>, customer: IdentityInput): Promise<IdentityInput> {
  const identities = identitiesOf(customer);
  const owners = await deps.customers.owners(identities);
  for (const kind of trustOrder) {
    const identity = identities.find((i) => i.kind === kind && owners.has(identityKey(i)));
    if (identity) return { [kind]: identity.value };
  }
  return customer;
}

/** The case's subject: the flow the visitor walked last, else a generic one (one open self-care case per topic). */
function subjectOf(_deps: unknown, session: SelfcareSession): string {
  const lastFlow = [...session.activities].reverse().find((a) => a.type === 'flow_step');
  return lastFlow?.type === 'flow_step' ? `Self-care: ${lastFlow.flowId}` : 'Self-care: help requested';
}

/** The customer's open case on the same self-care topic, if any (the newest page of their timeline). */
async function openSelfcareCase(deps: Pick<Dependencies, 'interactions'>, customerId: string, subject: string) {
  const { records } = await deps.interactions.timelinePage([customerId], 50);
  for (const entry of records) {
    if (entry.type === 'case' && entry.record.subject === subject && (entry.record.status === 'open' || entry.record.status === 'pending')) return entry.record;
  }
  return undefined;
}
