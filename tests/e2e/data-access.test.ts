import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FunctionDefinition, type FunctionName, functions, idempotencyActions, idempotencyErasureActions } from '../../functions/definition/functions';
import type { TableName } from '../../functions/definition/table';
import { SupportStack } from '../../lib/stack/support-stack';
import type { RecordedDataRequest } from '../../local/data-access';
import type { LocalRuntime } from '../../local/runtime';
import { actionsOf, type PolicyStatementJson, TemplateQueries } from '../infra/template-queries';
import { apiClient, demoConfig, startTestRuntime, alwaysOpenHours as alwaysOpen } from '../helpers/runtime';

/**
 * The proof that every function's role allows exactly what its code does on DynamoDB: every
 * function runs (each route, queue worker and schedule, through the paths that issue each kind of
 * request), the local runtime records every DynamoDB request each one made (a transaction item by
 * item, as IAM authorises it), and the roles of the synthesized demo stack are checked against
 * them: each request allowed, and on the data table nothing allowed that no request needed.
 */

// The roles do not depend on the code they run: every function deploys one empty asset here,
// which spares the suite esbuild's ~25 production bundles (tests/infra builds and checks those).
vi.mock('../../lib/bundling', async (original) => ({ ...(await original<typeof import('../../lib/bundling')>()), bundleFunction: () => emptyAsset() }));
let emptyAssetDir: string | undefined;
const emptyAsset = () => (emptyAssetDir ??= mkdtempSync(join(tmpdir(), 'support-empty-asset-')));

const config = { ...demoConfig, businessHours: alwaysOpen };
const declared = Object.entries(functions) as [FunctionName, FunctionDefinition][];

/** A request or a grant, as one comparable string: `dynamodb:Query data/index/byCustomer`. */
const requestKey = (r: { action: string; table: string; index?: string }) => `${r.action} ${r.table}${r.index ? `/index/${r.index}` : ''}`;

/** IAM's wildcards (`*`, `?`) in an action or resource, as a regular expression. */
const iamPattern = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

/**
 * A statement's resource with the tables' ARNs written as `<table>` (`data`, `data/index/x`,
 * `data/stream`); other resources come out as their logical ids, which no table request matches.
 */
function renderResource(fragment: unknown, tableIds: Record<string, TableName>): string {
  if (typeof fragment === 'string') return fragment;
  if (Array.isArray(fragment)) return fragment.map((part) => renderResource(part, tableIds)).join('');
  const object = (fragment ?? {}) as Record<string, unknown>;
  const getAtt = object['Fn::GetAtt'] as [string, string] | undefined;
  if (getAtt) return `${tableIds[getAtt[0]] ?? getAtt[0]}${getAtt[1] === 'Arn' ? '' : `/${getAtt[1] === 'StreamArn' ? 'stream' : getAtt[1]}`}`;
  if (typeof object.Ref === 'string') return tableIds[object.Ref] ?? object.Ref;
  const join = object['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map((part) => renderResource(part, tableIds)).join(join[0]);
  return JSON.stringify(fragment);
}

/** The DynamoDB (action, resource) pairs a role's statements allow, resources rendered. */
interface Grant {
  action: string;
  resource: string;
  /** Granted under a condition: the rate counters' `dynamodb:LeadingKeys RATE#*` of read-only functions. */
  conditional: boolean;
}

function dynamodbGrants(statements: readonly PolicyStatementJson[], tableIds: Record<string, TableName>): Grant[] {
  return statements
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) =>
      actionsOf([s])
        .filter((action) => action.startsWith('dynamodb:'))
        .flatMap((action) =>
          [s.Resource].flat().map((resource) => ({ action, resource: renderResource(resource, tableIds), conditional: s.Condition !== undefined })),
        ),
    );
}

const allows = (grants: Grant[], request: RecordedDataRequest) =>
  grants.some(
    (g) => iamPattern(g.action).test(request.action) && iamPattern(g.resource).test(`${request.table}${request.index ? `/index/${request.index}` : ''}`),
  );

describe('Data access: each role allows exactly the DynamoDB requests its function makes', () => {
  let runtime: LocalRuntime;
  let outdir: string;
  let grants: Map<FunctionName, Grant[]>;
  let requests: Map<FunctionName, RecordedDataRequest[]>;

  beforeAll(async () => {
    // Prepare: the demo stack's roles, as synthesized.
    outdir = mkdtempSync(join(tmpdir(), 'support-data-access-'));
    const stack = new SupportStack(new App({ outdir }), 'Support-demo', { config });
    const q = new TemplateQueries(stack, Template.fromStack(stack));
    const tableIds = Object.fromEntries(Object.entries(stack.tables).map(([name, table]) => [q.logicalId(table), name as TableName]));
    grants = new Map(declared.map(([name]) => [name, dynamodbGrants(q.roleStatements(stack.functions[name].role), tableIds)]));

    // Act: every function, through each path that makes a different kind of DynamoDB request.
    runtime = await startTestRuntime({ businessHours: alwaysOpen });
    await exercise(runtime);
    requests = new Map(declared.map(([name]) => [name, runtime.dataRequests().filter((r) => r.function === name)]));
  }, 240_000);

  afterAll(async () => {
    await runtime?.stop();
    for (const dir of [outdir, emptyAssetDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records the requests of every function that has a table (the exercise reaches them all)', () => {
    const withTables = declared.filter(([, fn]) => fn.access.data || fn.access.idempotency).map(([name]) => name);
    expect(
      withTables.filter((name) => requests.get(name)!.length === 0),
      'functions not exercised',
    ).toEqual([]);
  });

  it.each(declared)('%s: every DynamoDB request it made is allowed by its role', (name) => {
    const refused = requests.get(name)!.filter((request) => !allows(grants.get(name)!, request));
    expect(refused.map((r) => `${requestKey(r)} (${r.command})`)).toEqual([]);
  });

  it.each(declared)('%s: its role allows on the data table exactly the requests it made, no more', (name) => {
    // Assess: grants written out in full (no wildcard), equal to what the code issued.
    // (A conditional grant — the rate counters of a function that writes nothing else, checked in
    // tests/infra — is left out, with the requests only it allows: staff are not counted, so it
    // may go unused in this run.)
    const onData = grants.get(name)!.filter((g) => g.resource === 'data' || g.resource.startsWith('data/index/'));
    const unconditional = onData.filter((g) => !g.conditional);
    const granted = unconditional.map((g) => `${g.action} ${g.resource}`);
    const made = requests
      .get(name)!
      .filter((r) => r.table === 'data' && (allows(unconditional, r) || !allows(onData, r)))
      .map(requestKey);
    expect([...new Set(granted)].sort()).toEqual([...new Set(made)].sort());
  });

  it.each(declared)('%s: the idempotency table only when idempotent, with what Powertools calls (the erasure: its deletes only)', (name, fn) => {
    const granted = grants
      .get(name)!
      .filter((g) => g.resource.startsWith('idempotency'))
      .map((g) => `${g.action} ${g.resource}`);
    const expected = fn.access.idempotency === 'erase' ? idempotencyErasureActions : fn.access.idempotency ? idempotencyActions : [];
    expect(granted.sort()).toEqual(expected.map((action) => `dynamodb:${action} idempotency`).sort());
    // The exercise sends an Idempotency-Key to each idempotent route: Powertools really writes there.
    expect(requests.get(name)!.some((r) => r.table === 'idempotency' && r.action === 'dynamodb:PutItem')).toBe(fn.access.idempotency === true);
    // The erasure deletes the stored responses of the customer's keyed requests: it really does.
    const onIdempotency = [
      ...new Set(
        requests
          .get(name)!
          .filter((r) => r.table === 'idempotency')
          .map((r) => r.action),
      ),
    ];
    if (fn.access.idempotency === 'erase') expect(onIdempotency).toEqual(['dynamodb:DeleteItem']);
  });

  it('lets no function Scan or batch-write, on any resource', () => {
    const everything = [...grants.values()].flat();
    expect(everything.filter((g) => iamPattern(g.action).test('dynamodb:Scan') || iamPattern(g.action).test('dynamodb:BatchWriteItem'))).toEqual([]);
    expect(runtime.dataRequests().filter((r) => r.action === 'dynamodb:Scan')).toEqual([]);
  });

  it('reads the table stream only from the relay, which makes no other DynamoDB request', () => {
    const streamReaders = [...grants].filter(([, g]) => g.some((grant) => grant.resource === 'data/stream')).map(([name]) => name);
    expect(streamReaders).toEqual(['outboxRelay']);
    expect(grants.get('outboxRelay')!.filter((g) => g.resource !== 'data/stream')).toEqual([]);
  });
});

/**
 * One run through the product that makes every function issue each kind of request its code
 * has: profiles created and extended (transactions), segments joined and left (a delete in a
 * transaction), incidents fanned out, cases escalated to each queue and assigned, webhooks
 * delivered, callbacks handed over, completed (the open slot deleted) and cancelled, the
 * dispatcher and the SLA monitor run, and a failed idempotent request (its record deleted).
 */
async function exercise(runtime: LocalRuntime): Promise<void> {
  const api = apiClient(runtime.url);
  const [agent, supervisor, telephony] = await Promise.all([runtime.token('agent'), runtime.token('supervisor'), runtime.token('integration')]);
  const tag = Math.random().toString(36).slice(2, 8);
  const key = (name: string) => ({ 'idempotency-key': `${tag}-${name}` });
  const ok = <T extends { status: number; body: unknown }>(response: T, status = 200): T => {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response;
  };
  const zone = `zone-${tag}`;

  // Public routes: no table.
  ok(await api.get('/health'));
  ok(await api.get('/openapi.json'));

  // A new customer (identities claimed in a transaction), joined to a zone, moved to another
  // (the old membership deleted), with preferences.
  const email = `${tag}@example.com`;
  const created = ok(
    await api.post('/interactions', { channel: 'email', direction: 'inbound', customer: { email }, text: 'My box is down.' }, agent, key('first-contact')),
    201,
  );
  const customerId = created.body.customerId as string;
  const customer = await runtime.token('customer', customerId);
  ok(await api.patch(`/customers/${customerId}`, { segments: { zone: `${zone}-old` } }, agent));
  ok(await api.patch(`/customers/${customerId}`, { segments: { zone } }, agent));
  ok(await api.put(`/customers/${customerId}/preferences`, { consent: { email: true }, preferredChannel: 'email' }, customer));
  ok(await api.get(`/customers/${customerId}/preferences`, customer));

  // An incident on that zone: fanned out and delivered by the notification worker.
  const incident = ok(
    await api.post(
      '/incidents',
      { title: 'Fibre outage', severity: 'critical', affected: { zone: [zone] }, messages: { en: 'Fibre is down.' } },
      supervisor,
      key('incident'),
    ),
    201,
  );
  await runtime.settled();
  ok(await api.patch(`/incidents/${incident.body.incidentId}`, { messages: { en: 'Fibre is back soon.' } }, supervisor));
  await runtime.settled();

  // A case (an urgent one: its SLA runs round the clock), a reply on it during the incident
  // (first response, incident counter).
  // (Opened by the customer, who cannot set a priority, then raised by an agent.)
  const supportCase = ok(await api.post('/cases', { subject: 'Line down' }, customer, key('case')), 201);
  ok(await api.patch(`/cases/${supportCase.body.caseId}`, { priority: 'urgent' }, agent));
  const caseId = supportCase.body.caseId as string;
  ok(
    await api.post(
      '/interactions',
      { channel: 'phone', direction: 'outbound', customer: { customerId }, caseId, agentId: 'agent-7', text: 'We are on it.' },
      agent,
    ),
    201,
  );
  // The customer's own contact on the case: the repeat-contact rule reads the case's contacts.
  ok(await api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { customerId }, caseId, text: 'Still down.' }, agent), 201);
  // The same kinds of contacts through the batch route (a case of its own, so that its rules run
  // again): a support reply, the customer's repeat contact, a new customer; one with its own key.
  const batchCase = ok(await api.post('/cases', { customerId, subject: 'Line down again' }, agent, key('batch-case')), 201);
  const batch = ok(
    await api.post(
      '/interactions:batch',
      {
        contacts: [
          { channel: 'phone', direction: 'outbound', customer: { customerId }, caseId: batchCase.body.caseId, agentId: 'agent-7', text: 'Looking into it.' },
          {
            channel: 'chat',
            direction: 'inbound',
            customer: { customerId },
            caseId: batchCase.body.caseId,
            text: 'Still down.',
            idempotencyKey: `${tag}-batch`,
          },
          { channel: 'email', direction: 'inbound', customer: { email: `batch-${tag}@example.com` }, text: 'Hello.' },
        ],
      },
      telephony,
    ),
  );
  expect(batch.body.results.map((result: { status: number }) => result.status)).toEqual([201, 201, 201]);
  ok(await api.get(`/incidents/${incident.body.incidentId}`, agent));
  ok(await api.get(`/incidents?segment=${encodeURIComponent(`zone:${zone}`)}`, customer));
  ok(await api.get(`/customers/${customerId}`, customer));
  ok(await api.get(`/customers?email=${encodeURIComponent(email)}`, agent));
  ok(await api.get(`/customers/${customerId}/timeline`, customer));
  ok(await api.get(`/cases/${caseId}`, customer));
  ok(await api.patch(`/cases/${caseId}`, { assigneeId: 'agent-7' }, agent));
  ok(await api.get(`/cases/${caseId}/context`, agent));
  // The case lists: a Query of the caseLists index, filtered (the agent's urgent cases).
  ok(await api.get('/cases?assignee=agent-7&priority=urgent', agent));

  // Escalated to each queue in turn, each assigned by its worker (workforce webhook, case notice).
  // (An escalation's own priority routes first: `urgent` to the urgent queue.)
  for (const [name, escalation] of [
    ['expert', { skill: 'network', priority: 'normal' }],
    ['urgent', { tier: 3 }],
    ['standard', { tier: 1, priority: 'normal' }],
  ] as const) {
    ok(await api.post(`/cases/${caseId}/escalations`, { ...escalation, reason: `to ${name}` }, agent, key(`escalation-${name}`)), 202);
    await runtime.settled();
  }
  ok(await api.get('/queues', customer));

  // A duplicate profile merged in.
  const duplicate = ok(await api.post('/interactions', { channel: 'sms', direction: 'inbound', customer: { phone: '+33612345678' } }, agent), 201);
  ok(await api.post(`/customers/${customerId}/merge`, { sourceCustomerId: duplicate.body.customerId }, supervisor, key('merge')));

  // The SOS button: handed over, completed (the open slot released, the completion counted).
  const asap = ok(await api.post('/callbacks', { phone: '+33 6 12 34 56 78', when: 'asap' }, customer, key('callback')), 201);
  await runtime.settled();
  ok(await api.get(`/callbacks/${asap.body.callbackId}`, customer));
  ok(await api.post(`/callbacks/${asap.body.callbackId}/outcome`, { outcome: 'completed' }, telephony, key('outcome')));

  // A callback in a later window: released by the dispatcher at its time, then cancelled.
  const from = new Date(Date.now() + 2 * 3_600_000);
  const later = ok(
    await api.post(
      '/callbacks',
      { phone: '+33612345678', when: { from: from.toISOString(), to: new Date(from.getTime() + 3_600_000).toISOString() } },
      customer,
    ),
    201,
  );
  await runtime.runSchedule('dispatcher', new Date(from.getTime() + 60_000));
  await runtime.settled();
  ok(await api.delete(`/callbacks/${later.body.callbackId}`, customer));
  ok(await api.get(`/customers/${customerId}/callbacks`, customer));

  // The SLA monitor, once the urgent case's resolution target has passed (re-escalation).
  await runtime.runSchedule('slaMonitor', new Date(Date.now() + 5 * 3_600_000));
  await runtime.settled();

  // Self-care: a flow published and read, a session walking it (a view, a vote), handed over
  // for a callback (a new profile, a case, the contact, the callback) and once more on the same
  // topic (the open case found on the customer's timeline and reused).
  const flowId = `flow-${tag}`;
  const flow = {
    flowId,
    locale: 'en',
    title: 'Box down',
    startStepId: 'restart',
    steps: [{ stepId: 'restart', instruction: 'Restart the box', answers: [{ answerId: 'no', label: 'Not solved', next: { outcome: 'talk_to_someone' } }] }],
  };
  ok(await api.post('/flows', flow, supervisor), 201);
  ok(await api.get(`/flows/${flowId}`));
  // The article the sessions view and vote on: only a published one can be.
  const shown = ok(await api.post('/articles', { locale: 'en', title: 'Restart the box', body: 'Unplug it for 10 seconds.' }, agent), 201).body
    .articleId as string;
  ok(await api.post(`/articles/${shown}/publish`, undefined, supervisor));
  const claimed = ok(await api.post('/selfcare/sessions', undefined), 201).body.sessionId as string;
  ok(await api.post(`/selfcare/sessions/${claimed}/identify`, undefined, customer));
  const selfcarePhone = `+3367${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  let handoverCaseId = '';
  for (const name of ['first', 'again']) {
    const session = ok(await api.post('/selfcare/sessions', undefined), 201).body.sessionId as string;
    ok(await api.post(`/selfcare/sessions/${session}/steps`, { flowId, stepId: 'restart', answer: 'no' }));
    ok(await api.post(`/selfcare/sessions/${session}/events`, { type: 'article_viewed', articleId: shown }), 201);
    ok(await api.post(`/selfcare/sessions/${session}/events`, { type: 'article_voted', articleId: shown, helpful: false }), 201);
    const handover = ok(
      await api.post(`/selfcare/sessions/${session}/handover`, { channel: 'callback', customer: { phone: selfcarePhone } }, undefined, key(`handover-${name}`)),
      201,
    );
    handoverCaseId = handover.body.caseId as string;
  }

  // An idempotent request that fails: Powertools deletes its record so a corrected retry runs.
  ok(await api.post('/cases', { customerId: 'cus_01JAAAAAAAAAAAAAAAAAAAAAAA', subject: 'x', priority: 'low' }, agent, key('bad-case')), 422);

  // The knowledge base: a draft and its translation (the root read), published, edited and
  // archived, each change rebuilding the locale's index (the third rebuild deletes the first's
  // chunks); listed and read, searched (the index loaded from its chunks), and a resolved case
  // turned into a draft (its contacts read for their intents).
  const root = ok(await api.post('/articles', { locale: 'en', title: 'Box down', body: 'Restart it.' }, agent, key('article')), 201);
  const articleId = root.body.articleId as string;
  ok(await api.post('/articles', { locale: 'fr', title: 'Box en panne', body: 'Redémarrez-la.', translationOf: articleId }, agent), 201);
  ok(await api.post(`/articles/${articleId}/publish`, undefined, supervisor));
  await runtime.settled();
  ok(await api.patch(`/articles/${articleId}`, { body: 'Restart the box.' }, agent));
  await runtime.settled();
  ok(await api.get(`/selfcare/search?q=box&locale=en`));
  // A search within a session is recorded on it (GetItem, PutItem of the session).
  const searchSession = ok(await api.post('/selfcare/sessions', undefined), 201).body.sessionId as string;
  ok(await api.get(`/selfcare/search?q=box&locale=en&sessionId=${searchSession}`));
  // A search that finds nothing: its normalised query's counter read (GetItem), then added to.
  ok(await api.get(`/selfcare/search?q=zanzibar&locale=en&sessionId=${searchSession}`));
  // The self-care report of the days the sessions above were counted on (a Query per day).
  const today = new Date().toISOString().slice(0, 10);
  ok(await api.get(`/reports/selfcare?from=${today}&to=${today}&locale=en`, supervisor));
  ok(await api.post(`/articles/${articleId}/archive`, undefined, supervisor));
  await runtime.settled();
  ok(await api.get(`/articles/${articleId}`), 404);
  ok(await api.get(`/staff/articles/${articleId}`, agent));
  ok(await api.get('/articles?locale=en'));
  ok(await api.get('/staff/articles?locale=en&status=archived', agent));
  ok(await api.patch(`/cases/${caseId}`, { status: 'resolved' }, agent));
  ok(await api.post(`/cases/${caseId}/article-draft`, { steps: 'Restart the box.' }, agent, key('article-draft')), 201);

  // Surveys: the resolved notice offered one (the survey, the fatigue slot, the link's token);
  // its page read, a detractor's answer (with its detractor item), followed up by a callback (the
  // demo client's loop action) and told to the supervisors. An SMS reply relayed for the
  // self-care case, which had no survey: one asked inline (the case's surveys read on byCase).
  await runtime.settled();
  const link = runtime.webhooks
    .received()
    .filter((w) => w.target === 'messaging' && w.body.data.customerId === customerId)
    .map((w) => /\/s\/([A-Za-z0-9_-]{22})/.exec(w.body.data.text as string)?.[1])
    .find(Boolean);
  ok(await api.get(`/surveys/${link}`));
  ok(await api.post(`/surveys/${link}/responses`, { answers: { csat: 1, ces: 7, preference: 'no' }, comment: 'Slow.' }), 201);
  await runtime.settled();
  ok(await api.post(`/cases/${handoverCaseId}/survey-responses`, { channel: 'sms', answers: { csat: 4 } }, telephony, key('survey-sms')), 201);
  // KPIs: every event above went through the KPI consumer (projections, claims, counters, the
  // incident's contacting customers); ten outage contacts from the zone raise a surge (its buckets
  // queried, the surge and its open claim written), whose incident a supervisor declares in one call.
  for (let i = 0; i < 10; i++)
    ok(await api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { customerId }, text: 'No internet again.' }, agent), 201);
  await runtime.settled();
  const kpiDay = new Intl.DateTimeFormat('en-CA', { timeZone: config.timezone }).format(new Date());
  ok(await api.get(`/kpis?from=${kpiDay}&to=${kpiDay}&groupBy=team`, supervisor));
  const surges = ok(await api.get('/surges', supervisor)).body.surges as { surgeId: string }[];
  ok(
    await api.post(`/surges/${surges[0]!.surgeId}/incident`, { severity: 'major', messages: { en: 'Checking an outage.' } }, supervisor, key('surge-incident')),
    201,
  );
  await runtime.settled();
  // Last, as it leaves nothing of the customer: their export, then their erasure (the worker
  // reaches every kind: identities, timeline, the case with its escalation and sessions, segments, profiles).
  ok(await api.get(`/customers/${customerId}/export`, customer));
  const erasure = await api.post(`/customers/${customerId}/erasure`, undefined, customer, key('erasure'));
  ok(erasure, 202);
  await runtime.settled();
  ok(await api.get(`/erasure-requests/${erasure.body.requestId}`, customer));
}
