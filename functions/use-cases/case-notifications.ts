import type { EscalationQueue } from '../domain/escalations';
import { caseTexts, surveyInviteTexts, waitInWords, waitToTell } from '../domain/notifications';
import { resolutionTrigger } from '../domain/surveys';
import type { Dependencies } from './dependencies';
import { routing } from './escalations';
import { type NotificationDependencies, notify, type NotifyOutcome } from './notifications';
import { offerSurvey } from './surveys';
import type { BusEnvelope } from './webhooks';

export interface CaseNotificationDependencies extends NotificationDependencies, Pick<Dependencies, 'cases' | 'settings'> {
  /** The estimated wait of an escalation queue now, in seconds (null: unknown). */
  estimatedWait: (queue: EscalationQueue) => Promise<number | null>;
}

/** The case events customers are told about, and the client switch for each. */
export const caseNotificationEvents = { EscalationAssigned: 'escalated', SlaBreached: 'slaBreached', CaseUpdated: 'resolved' } as const;

/**
 * Tells the case's customer about a case event, if the client turned that notice on: escalated
 * (the team, and a wait only when the queue gives one and no agent has the case yet), SLA missed (an apology and what happens next), resolved (with
 * the link to our survey when the client asks one and fatigue allows: see notify; else the client's own survey URL). One notification per event, whatever the redeliveries.
 */
export async function notifyCaseEvent(deps: CaseNotificationDependencies, event: BusEnvelope): Promise<NotifyOutcome | 'off'> {
  const name = event['detail-type'].replace(/\.v\d+$/, '') as keyof typeof caseNotificationEvents;
  const data = event.detail.data as {
    caseId: string;
    queue?: EscalationQueue;
    team?: string;
    changes?: { status?: { to: string } };
    reEscalation?: { queue: EscalationQueue };
  };
  if (!deps.rules.case[caseNotificationEvents[name]]) return 'off';
  if (name === 'CaseUpdated' && data.changes?.status?.to !== 'resolved') return 'off';
  const supportCase = await deps.cases.get(data.caseId);
  if (!supportCase) return 'off';
  const teams = routing(deps).teams;
  const values: Record<string, string> = { subject: supportCase.subject };
  let wait: number | null = null;
  if (name === 'EscalationAssigned') {
    values.team = data.team ?? '';
    // An agent already on the case: no queue wait to speak of (and no queue read).
    if (!supportCase.assigneeId) wait = waitToTell(await deps.estimatedWait(data.queue!));
  }
  if (name === 'SlaBreached') values.team = teams[data.reEscalation!.queue];
  const kind = name === 'EscalationAssigned' ? 'caseEscalated' : name === 'SlaBreached' ? 'slaBreached' : 'caseResolved';
  const surveyRules = deps.surveyRules;
  // Without survey config, the resolved notice keeps the client's own survey URL (if any).
  if (!surveyRules) values.survey = (deps.rules.satisfactionSurveyUrl ?? '').replace('{caseId}', supportCase.caseId);
  const trigger = kind === 'caseResolved' && surveyRules ? resolutionTrigger(surveyRules.triggers, supportCase.channel) : undefined;
  const survey = trigger
    ? {
        trigger,
        caseId: supportCase.caseId,
        ...(supportCase.channel ? { channel: supportCase.channel } : {}),
        correlationId: event.detail.metadata.correlationId,
      }
    : undefined;
  const inline = survey && surveyRules?.delivery === 'inline_chat' && supportCase.channel === 'chat';
  if (inline && deps.surveys) {
    // Asked inline by the chat platform, which relays the answer (POST /cases/{caseId}/survey-responses): no link in the notice.
    const profile = await deps.customers.resolve(supportCase.customerId);
    await offerSurvey(
      { surveys: deps.surveys, surveyRules: surveyRules!, now: deps.now },
      {
        ...survey,
        dedupeKey: `event#${event.detail.metadata.eventId}`,
        customerId: profile?.customerId ?? supportCase.customerId,
        offeredOn: 'chat',
        language: profile?.preferences?.language ?? deps.rules.defaultLanguage,
      },
    );
  }
  return notify(deps, {
    ...(survey && !inline ? { survey } : {}),
    dedupeKey: `event#${event.detail.metadata.eventId}`,
    kind,
    customerId: supportCase.customerId,
    caseId: supportCase.caseId,
    urgent: false,
    text: (language, surveyLink) => ({
      language,
      text: caseTexts[kind][language]({
        ...values,
        ...(surveyLink ? { survey: surveyLink } : {}),
        wait: wait === null ? undefined : waitInWords(wait, language),
      }),
    }),
  });
}

/**
 * After a completed callback, the client's survey on its own (trigger `callback_completed`): an
 * invitation with the link, on the customer's consented channel, if fatigue allows; otherwise
 * nothing at all (there is nothing else to tell). Once per event, whatever the redeliveries.
 */
export async function inviteToSurveyAfterCallback(deps: CaseNotificationDependencies, event: BusEnvelope): Promise<NotifyOutcome | 'off'> {
  const data = event.detail.data as { callbackId: string; customerId: string; status: string };
  if (data.status !== 'completed' || !deps.surveyRules?.triggers.includes('callback_completed')) return 'off';
  return notify(deps, {
    dedupeKey: `event#${event.detail.metadata.eventId}`,
    kind: 'surveyInvite',
    customerId: data.customerId,
    urgent: false,
    survey: { trigger: 'callback_completed', callbackId: data.callbackId, channel: 'phone', correlationId: event.detail.metadata.correlationId },
    surveyOnly: true,
    text: (language, surveyLink) => ({ language, text: surveyInviteTexts[language]({ survey: surveyLink ?? '' }) }),
  });
}
