import { createHash } from 'node:crypto';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime';
import { dataClients } from '../helpers/local-aws';
import { apiClient, demoConfig, startTestRuntime, alwaysOpenHours as alwaysOpen } from '../helpers/runtime';

/** The link the demo client's resolved notice carries (clients/demo.json `surveys.pageUrl`). */
const linkPattern = /https:\/\/survey\.demo\.example\.com\/s\/([A-Za-z0-9_-]+)/;

describe('Surveys: the resolved notice links to our survey, answered once, detractors followed up', () => {
  let runtime: LocalRuntime;
  let api: ReturnType<typeof apiClient>;
  let agent: string;
  let integration: string;
  const db = () => dataClients().documentClient;

  /** A customer with an email and a phone, who consented to email (or to nothing). */
  const customer = async (consent: object = { email: true }) => {
    const tag = Math.random().toString(36).slice(2, 10);
    const created = await api.post(
      '/interactions',
      { channel: 'phone', direction: 'inbound', customer: { email: `svy-${tag}@example.com`, phone: `+3361${Math.floor(1e7 + Math.random() * 8e7)}` } },
      agent,
    );
    const customerId = created.body.customerId as string;
    await api.put(`/customers/${customerId}/preferences`, { consent, language: 'en' }, agent);
    return customerId;
  };
  /** A case of the customer, handled by agent-7 in the billing team's queue, then resolved. */
  const resolvedCase = async (customerId: string, subject = 'Invoice too high') => {
    const supportCase = (await api.post('/cases', { customerId, subject, channel: 'email' }, agent)).body;
    await api.post(`/cases/${supportCase.caseId}/escalations`, { skill: 'billing', reason: 'Needs a refund' }, agent);
    await runtime.settled();
    await api.patch(`/cases/${supportCase.caseId}`, { assigneeId: 'agent-7' }, agent);
    await api.patch(`/cases/${supportCase.caseId}`, { status: 'resolved' }, agent);
    await runtime.settled();
    return supportCase.caseId as string;
  };
  const messagesTo = (customerId: string) =>
    runtime.webhooks
      .received()
      .filter((w) => w.target === 'messaging' && w.body.data.customerId === customerId)
      .map((w) => w.body.data.text as string);
  /** The token of the latest survey link the customer received. */
  const tokenOf = (customerId: string) => {
    const texts = messagesTo(customerId).filter((text) => linkPattern.test(text));
    return linkPattern.exec(texts.at(-1) ?? '')?.[1];
  };
  const eventsNamed = (name: string) =>
    runtime.events().filter((e) => e['detail-type'] === `${name}.v1`) as unknown as { detail: { data: Record<string, unknown> } }[];
  const surveyOf = async (customerId: string) => {
    const timeline = (await api.get(`/customers/${customerId}/timeline?limit=100`, agent)).body.items;
    return timeline.filter((i: { type: string }) => i.type === 'survey').map((i: { survey: { surveyId: string } }) => i.survey);
  };

  beforeAll(async () => {
    runtime = await startTestRuntime({ businessHours: alwaysOpen });
    api = apiClient(runtime.url);
    [agent, integration] = await Promise.all([runtime.token('agent'), runtime.token('integration')]);
  });
  afterAll(() => runtime?.stop());

  it('runs the story: link received, questions shown, csat 2 / ces 6 / preference no recorded, supervisors told, a callback offered, a second answer refused', async () => {
    // Prepare: a consenting customer's case resolved.
    const customerId = await customer();
    const caseId = await resolvedCase(customerId);
    const token = tokenOf(customerId);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const eventsBefore = runtime.events().length;
    // The supervisors' KPIs of the day (the client's time zone), before the answer.
    const supervisor = await runtime.token('supervisor');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: demoConfig.timezone }).format(new Date());
    const surveyKpis = async () => (await api.get(`/kpis?from=${today}&to=${today}&groupBy=day`, supervisor)).body.totals.surveys;
    const kpisBefore = await surveyKpis();

    // Act: the page (as a mail scanner or the customer opens it), then the answer.
    const page = await api.get(`/surveys/${token}`);
    await runtime.settled();
    const eventsAfterPage = runtime.events().length;
    const answered = await api.post(`/surveys/${token}/responses`, { answers: { csat: 2, ces: 6, preference: 'no' }, comment: 'Took three calls.' });
    // The case moves on after the answer: the answer keeps where it stood when it was given.
    await api.patch(`/cases/${caseId}`, { assigneeId: 'agent-9' }, agent);
    await runtime.settled();
    const again = await api.post(`/surveys/${token}/responses`, { answers: { csat: 5 } });
    const kpisAfter = await surveyKpis();

    // Assess: the page shows the questions in the customer's language, nothing personal, and records nothing.
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      language: 'en',
      questions: [
        { question: 'csat', text: 'How satisfied are you with our answer?', min: 1, max: 5 },
        { question: 'ces', text: 'It was easy to handle my request.', min: 1, max: 7 },
        { question: 'preference', text: 'Next time, would you choose us again?', options: ['yes', 'no', 'maybe'] },
      ],
      comment: { text: 'Anything to add?' },
    });
    expect(JSON.stringify(page.body)).not.toMatch(new RegExp(`${customerId}|${caseId}|Invoice|@example\\.com`));
    expect(eventsAfterPage).toBe(eventsBefore);
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ status: 'answered' });
    expect(again.status).toBe(409);

    // The answer, bound to the case as it stood (queue, team, agent), without the comment text.
    const [answeredEvent] = eventsNamed('SurveyAnswered').filter((e) => e.detail.data.customerId === customerId);
    expect(answeredEvent!.detail.data).toMatchObject({
      caseId,
      trigger: 'case_resolved',
      channel: 'email',
      answeredOn: 'web_selfcare',
      queue: 'standard',
      team: 'Level 1 pool',
      agentId: 'agent-7',
      answers: { csat: 2, ces: 6, preference: 'no' },
      hasComment: true,
    });
    expect(JSON.stringify(answeredEvent)).not.toContain('Took three calls');

    // The supervisors' webhook heard of the detractor, with the reasons.
    const detractor = runtime.webhooks
      .received()
      .filter((w) => w.target === 'supervisor' && w.body.type === 'SurveyDetractor.v1' && w.body.data.customerId === customerId);
    expect(detractor).toHaveLength(1);
    expect(detractor[0]!.body.data).toMatchObject({ caseId, reasons: ['csat', 'ces', 'preference'] });

    // GET /kpis for today counts the answer (csat 2: not satisfied; ces 6; preference no), and
    // only once: the refused second answer (csat 5) adds nothing.
    expect(kpisAfter.csat).toMatchObject({ responses: kpisBefore.csat.responses + 1, satisfied: kpisBefore.csat.satisfied });
    expect(kpisAfter.csat.rate).toBeCloseTo(kpisAfter.csat.satisfied / kpisAfter.csat.responses);
    expect(kpisAfter.ces.responses).toBe(kpisBefore.ces.responses + 1);
    expect(kpisAfter.ces.mean).toBeCloseTo(((kpisBefore.ces.mean ?? 0) * kpisBefore.ces.responses + 6) / kpisAfter.ces.responses);
    expect(kpisAfter.preference).toMatchObject({
      yes: kpisBefore.preference.yes,
      no: kpisBefore.preference.no + 1,
      responses: kpisBefore.preference.responses + 1,
    });

    // The loop closed as the demo client says (offer_callback): a callback for the customer.
    const callbacks = (await api.get(`/customers/${customerId}/callbacks`, agent)).body.items;
    expect(callbacks).toMatchObject([{ reason: expect.stringContaining('Survey follow-up') }]);

    // On the case (its context) and the customer's timeline, with the comment, as things stood.
    const context = (await api.get(`/cases/${caseId}/context`, agent)).body;
    expect(context.surveys).toMatchObject([
      {
        status: 'answered',
        offeredOn: 'email',
        answeredOn: 'web_selfcare',
        answers: { csat: 2, ces: 6, preference: 'no' },
        comment: 'Took three calls.',
        at: { queue: 'standard', team: 'Level 1 pool', agentId: 'agent-7' },
        detractorReasons: ['csat', 'ces', 'preference'],
      },
    ]);
    expect(await surveyOf(customerId)).toMatchObject([{ caseId, status: 'answered', answers: { csat: 2 } }]);
  });

  it('keeps the token secret: only its SHA-256 is stored, and no staff-readable record or event carries it', async () => {
    const customerId = await customer();
    const caseId = await resolvedCase(customerId);
    const token = tokenOf(customerId)!;

    const timeline = (await api.get(`/customers/${customerId}/timeline?limit=100`, agent)).body;
    const context = (await api.get(`/cases/${caseId}/context`, agent)).body;
    const table = (await db().send(new ScanCommand({ TableName: runtime.names.dataTable }))).Items ?? [];
    const tokenItem = await db().send(
      new GetCommand({ TableName: runtime.names.dataTable, Key: { pk: `SURVEYTOKEN#${createHash('sha256').update(token).digest('hex')}`, sk: 'TOKEN' } }),
    );

    expect(tokenItem.Item).toBeDefined();
    for (const seen of [timeline, context, runtime.events(), table]) expect(JSON.stringify(seen)).not.toContain(token);
    // The notice on the timeline shows the link's shape, not its token.
    const notice = timeline.items.find((i: { type: string; notification?: { kind: string } }) => i.notification?.kind === 'caseResolved');
    expect(notice.notification.text).toContain('https://survey.demo.example.com/s/{token}');
    expect(eventsNamed('SurveyOffered').filter((e) => e.detail.data.customerId === customerId)).toMatchObject([
      { detail: { data: { caseId, trigger: 'case_resolved', channel: 'email' } } },
    ]);
  });

  it('refuses bad answers with the field named and writes nothing; unknown and malformed tokens are 404', async () => {
    const customerId = await customer();
    await resolvedCase(customerId);
    const token = tokenOf(customerId)!;
    // Every item but the per-caller rate counters (the public routes count their callers).
    const count = async () =>
      (
        await db().send(
          new ScanCommand({
            TableName: runtime.names.dataTable,
            Select: 'COUNT',
            FilterExpression: 'NOT begins_with(pk, :rate)',
            ExpressionAttributeValues: { ':rate': 'RATE#' },
          }),
        )
      ).Count;
    const before = await count();

    const outOfRange = await api.post(`/surveys/${token}/responses`, { answers: { csat: 6 } });
    const cesTooLow = await api.post(`/surveys/${token}/responses`, { answers: { ces: 0 } });
    const badPreference = await api.post(`/surveys/${token}/responses`, { answers: { preference: 'perhaps' } });
    const notInteger = await api.post(`/surveys/${token}/responses`, { answers: { csat: 2.5 } });
    const empty = await api.post(`/surveys/${token}/responses`, { answers: {} });
    const unknownQuestion = await api.post(`/surveys/${token}/responses`, { answers: { csat: 4, mood: 3 } });
    const notAsked = await api.post(`/surveys/${token}/responses`, { answers: { csat: 4, nps: 9 } });
    const unknown = await api.post(`/surveys/${'A'.repeat(22)}/responses`, { answers: { csat: 4 } });
    const malformed = await api.get('/surveys/not-a-token');
    const unknownPage = await api.get(`/surveys/${'B'.repeat(22)}`);

    expect([outOfRange, cesTooLow, badPreference, notInteger, empty, unknownQuestion].map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(outOfRange.body.errors[0].field).toBe('answers.csat');
    expect(cesTooLow.body.errors[0].field).toBe('answers.ces');
    expect(badPreference.body.errors[0].field).toBe('answers.preference');
    expect(notInteger.body.errors[0].field).toBe('answers.csat');
    expect(notAsked.status).toBe(422);
    expect(notAsked.body.errors[0].field).toBe('answers.nps');
    expect([unknown.status, malformed.status, unknownPage.status]).toEqual([404, 404, 404]);
    expect(await count()).toBe(before);
    // Nothing was spent: the survey still takes its one answer.
    expect((await api.post(`/surveys/${token}/responses`, { answers: { csat: 4 } })).status).toBe(201);
  });

  it('answers 410 once the survey has closed (openDays after it was offered)', async () => {
    const customerId = await customer();
    await resolvedCase(customerId);
    const token = tokenOf(customerId)!;
    const [survey] = await surveyOf(customerId);
    // The survey as it will be when its openDays have passed: closed a minute ago.
    await db().send(
      new UpdateCommand({
        TableName: runtime.names.dataTable,
        Key: { pk: `SURVEY#${survey.surveyId}`, sk: 'SURVEY' },
        UpdateExpression: 'SET closesAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
      }),
    );

    const page = await api.get(`/surveys/${token}`);
    const answer = await api.post(`/surveys/${token}/responses`, { answers: { csat: 4 } });

    expect([page.status, answer.status]).toEqual([410, 410]);
    expect(answer.body.type).toBe('urn:support:problem:gone');
    expect((await surveyOf(customerId))[0].status).toBe('offered');
  });

  it('holds fatigue: one survey per customer per fatigueDays; the next notice has no link, and an in-channel answer is refused', async () => {
    const customerId = await customer();
    await resolvedCase(customerId, 'First problem');
    const secondCase = await resolvedCase(customerId, 'Second problem');

    const texts = messagesTo(customerId).filter((text) => text.includes('is resolved'));
    const inChannel = await api.post(`/cases/${secondCase}/survey-responses`, { channel: 'sms', answers: { csat: 4 } }, integration);

    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(linkPattern);
    expect(texts[1]).toBe('Your request "Second problem" is resolved.');
    expect(await surveyOf(customerId)).toHaveLength(1);
    expect(inChannel.status).toBe(409);
    expect(inChannel.body.errors[0].field).toBe('caseId');
  });

  it('records an in-channel answer relayed by an integration (an SMS reply), once, as integration only', async () => {
    // A customer who consented to nothing: no notice, no link; the SMS platform asked inline.
    const customerId = await customer({});
    const caseId = await resolvedCase(customerId);
    expect(messagesTo(customerId)).toEqual([]);

    const byAgent = await api.post(`/cases/${caseId}/survey-responses`, { channel: 'sms', answers: { csat: 4 } }, agent);
    const recorded = await api.post(`/cases/${caseId}/survey-responses`, { channel: 'sms', answers: { csat: 4 } }, integration);
    const again = await api.post(`/cases/${caseId}/survey-responses`, { channel: 'sms', answers: { csat: 5 } }, integration);
    const unknownCase = await api.post('/cases/case_01JAAAAAAAAAAAAAAAAAAAAAAA/survey-responses', { channel: 'sms', answers: { csat: 4 } }, integration);
    const outOfRange = await api.post(`/cases/${caseId}/survey-responses`, { channel: 'sms', answers: { nps: 11 } }, integration);
    const notAChannel = await api.post(`/cases/${caseId}/survey-responses`, { channel: 'pigeon', answers: { csat: 4 } }, integration);
    await runtime.settled();

    expect([byAgent.status, recorded.status, again.status, unknownCase.status, outOfRange.status]).toEqual([403, 201, 409, 404, 400]);
    expect(outOfRange.body.errors[0].field).toBe('answers.nps');
    expect(notAChannel.status).toBe(400);
    expect(notAChannel.body.errors[0].field).toBe('channel');
    expect(eventsNamed('SurveyAnswered').filter((e) => e.detail.data.customerId === customerId)).toMatchObject([
      { detail: { data: { caseId, answeredOn: 'sms', answers: { csat: 4 }, hasComment: false } } },
    ]);
    // Not a detractor: no SurveyDetractor.
    expect(eventsNamed('SurveyDetractor').filter((e) => e.detail.data.customerId === customerId)).toEqual([]);
  });
});
