import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { CustomerProfile } from '../../functions/domain/customers';
import { newId } from '../../functions/domain/ids';
import type { Preferences } from '../../functions/domain/notifications';
import type { SurveyRules } from '../../functions/domain/surveys';
import { notifyCaseEvent } from '../../functions/use-cases/case-notifications';
import { releaseDeferred } from '../../functions/use-cases/incidents';
import type { PlatformPost } from '../../functions/use-cases/ports/webhooks';
import { answerSurveyByToken, getSurveyPage, recordInChannelResponse } from '../../functions/use-cases/surveys';
import { stores } from '../../functions/wiring/dependencies';
import { createTestTables, dataClients } from '../helpers/local-aws';

/**
 * Surveys offered through the notification path, at the use-case level on DynamoDB Local, with a
 * clock the test moves: quiet hours hold the notice and its link back (the token is minted when
 * it is finally sent), a survey closes after openDays, fatigue lets the next one through after
 * fatigueDays, and a chat case is asked inline. The messaging platform is a port: what it was
 * asked to send is recorded.
 */
describe('Use case: surveys ride the notification path', { timeout: 120_000 }, () => {
  const { documentClient } = dataClients();
  let table: string;
  let deps: ReturnType<typeof dependencies>;
  const sent: { customerId: string; text: string }[] = [];
  // 03:00 in Paris: inside the quiet hours used below.
  let now = new Date('2026-11-23T02:00:00Z');
  const surveyRules: SurveyRules = {
    questions: ['csat', 'preference'],
    comment: false,
    triggers: ['case_resolved'],
    delivery: 'inline_chat',
    openDays: 14,
    fatigueDays: 30,
    detractor: { csatAtMost: 2, cesAtLeast: 6, preference: ['no'] },
    loopAction: 'none',
    pageUrl: 'https://survey.example.com/s/{token}',
  };

  const post: PlatformPost = async (_target, { payload }) => {
    const { customerId, text } = payload as { customerId: string; text: string };
    sent.push({ customerId, text });
    return { ok: true, status: 200 };
  };
  const dependencies = (tableName: string) => ({
    ...stores(documentClient, tableName, 30),
    settings: {
      CHANNELS: ['email' as const, 'chat' as const],
      INTERACTION_RETENTION_DAYS: 30,
      INTERACTION_IMPORT_WINDOW_DAYS: 30,
      ACTIVE_INCIDENTS_CACHE_SECONDS: 30,
      SURVEY_RULES: surveyRules,
      DEFAULT_LANGUAGE: 'en' as const,
      ESCALATION_ROUTING: { teams: { standard: 'Level 1' } } as never,
    },
    now: () => now,
    rules: { case: { escalated: true, slaBreached: true, resolved: true }, timezone: 'Europe/Paris', defaultLanguage: 'en' as const, maxAttempts: 3 },
    post,
    surveyRules,
    estimatedWait: async () => null,
  });
  const customer = async (preferences: Preferences) => {
    const customerId = newId('customer');
    const at = now.toISOString();
    const profile: CustomerProfile = {
      customerId,
      identities: { emails: [`${customerId}@example.com`], phones: [], externalIds: [], social: [] },
      mergedFrom: [],
      segments: {},
      preferences,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await documentClient.send(new PutCommand({ TableName: table, Item: { ...keys.customer(customerId), type: 'customer', ...profile } }));
    return customerId;
  };
  const resolvedCase = async (customerId: string, channel: string) => {
    const caseId = newId('case');
    const at = now.toISOString();
    const item = {
      caseId,
      customerId,
      subject: 'Box down',
      status: 'resolved',
      priority: 'normal',
      channel,
      openedAt: at,
      updatedAt: at,
      reopenCount: 0,
      version: 2,
    };
    await documentClient.send(new PutCommand({ TableName: table, Item: { ...keys.case(caseId), type: 'case', ...item } }));
    return caseId;
  };
  const resolution = (caseId: string) => ({
    'detail-type': 'CaseUpdated.v1',
    source: 'support.cases',
    time: now.toISOString(),
    detail: {
      metadata: { eventId: `evt-${caseId}`, eventType: 'CaseUpdated.v1', occurredAt: now.toISOString(), clientId: 'demo', correlationId: 'corr' },
      data: { caseId, changes: { status: { from: 'open', to: 'resolved' } } },
    },
  });
  const tokenIn = (text: string | undefined) => /https:\/\/survey\.example\.com\/s\/([A-Za-z0-9_-]{22})/.exec(text ?? '')?.[1];
  const messagesTo = (customerId: string) => sent.filter((m) => m.customerId === customerId).map((m) => m.text);

  beforeAll(async () => {
    table = (await createTestTables()).data;
    deps = dependencies(table);
  });

  it('holds the notice and its link back during quiet hours, and mints the token only when it is sent', async () => {
    // Prepare: a customer consenting to email, asleep until 08:00 Paris time.
    const customerId = await customer({ consent: { email: true }, quietHours: { from: '21:00', to: '08:00' } });
    const caseId = await resolvedCase(customerId, 'email');

    // Act: the resolution at 03:00, then the release at 08:00.
    const deferred = await notifyCaseEvent(deps, resolution(caseId));
    const heldBack = messagesTo(customerId);
    const [survey] = await deps.surveys.ofCase(caseId);
    now = new Date('2026-11-23T07:00:00Z');
    const { notificationId } = (await deps.interactions.timelinePage([customerId], 10)).records.find((r) => r.type === 'notification')!.record as {
      notificationId: string;
    };
    const released = await releaseDeferred(deps, notificationId);
    const token = tokenIn(messagesTo(customerId)[0]);
    const stored = await deps.notifications.get(notificationId);
    const tokenItem = await documentClient.send(
      new GetCommand({
        TableName: table,
        Key: keys.surveyToken(
          createHash('sha256')
            .update(token ?? '')
            .digest('hex'),
        ),
      }),
    );

    // Assess
    expect([deferred, released]).toEqual(['deferred', 'sent']);
    expect(heldBack).toEqual([]);
    expect(survey).toMatchObject({ status: 'offered', offeredOn: 'email', channel: 'email', closesAt: '2026-12-07T02:00:00.000Z' });
    expect(token).toBeDefined();
    expect(stored?.text).toBe('Your request "Box down" is resolved. One question: are you satisfied? https://survey.example.com/s/{token}');
    expect(stored?.surveyId).toBe(survey!.surveyId);
    expect(tokenItem.Item?.surveyId).toBe(survey!.surveyId);
  });

  it('closes a survey openDays after it was offered (410), and lets the next survey through once fatigueDays have passed', async () => {
    // Prepare: a resolution surveyed now.
    now = new Date('2026-11-24T12:00:00Z');
    const customerId = await customer({ consent: { email: true } });
    await notifyCaseEvent(deps, resolution(await resolvedCase(customerId, 'email')));
    const token = tokenIn(messagesTo(customerId)[0])!;

    // Act: 13 days on it is open; 14 days on, closed; 31 days on, another case is surveyed again.
    now = new Date('2026-12-07T12:00:00Z');
    const page = await getSurveyPage(deps, token);
    now = new Date('2026-12-08T12:00:00Z');
    const closed = await answerSurveyByToken(deps, token, { answers: { csat: 4 } }, 'corr').catch((error: Error) => error);
    const withinFatigue = await resolvedCase(customerId, 'email');
    await notifyCaseEvent(deps, resolution(withinFatigue));
    now = new Date('2026-12-25T12:00:00Z');
    const afterFatigue = await resolvedCase(customerId, 'email');
    await notifyCaseEvent(deps, resolution(afterFatigue));

    // Assess
    expect(page.questions.map((q) => q.question)).toEqual(['csat', 'preference']);
    expect(page.comment).toBeUndefined();
    expect(closed).toMatchObject({ name: 'Gone' });
    const texts = messagesTo(customerId);
    expect(texts).toHaveLength(3);
    expect(tokenIn(texts[1])).toBeUndefined();
    expect(tokenIn(texts[2])).toBeDefined();
    expect(await deps.surveys.ofCase(withinFatigue)).toEqual([]);
    expect(await deps.surveys.ofCase(afterFatigue)).toHaveLength(1);
  });

  it('asks a chat case inline: no link in the notice, and the chat platform answers that survey', async () => {
    now = new Date('2026-11-24T12:00:00Z');
    const customerId = await customer({ consent: { email: true } });
    const caseId = await resolvedCase(customerId, 'chat');

    await notifyCaseEvent(deps, resolution(caseId));
    const [offered] = await deps.surveys.ofCase(caseId);
    const answered = await recordInChannelResponse(
      deps as never,
      { subject: 'chat-platform', roles: ['integration'] },
      caseId,
      { channel: 'chat', answers: { csat: 5 } },
      'corr',
    );

    expect(messagesTo(customerId)).toEqual(['Your request "Box down" is resolved.']);
    expect(offered).toMatchObject({ offeredOn: 'chat', status: 'offered' });
    expect(answered.surveyId).toBe(offered!.surveyId);
    expect(await deps.surveys.get(offered!.surveyId)).toMatchObject({ status: 'answered', answeredOn: 'chat', answers: { csat: 5 } });
  });
});
