import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, ListRulesCommand, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { events as catalog } from '../../functions/domain/events';
import { archive, type RuleDefinition, type RuleTarget, rules } from '../../functions/definition/rules';
import { type BusEvent, type LocalEventBus, type LocalEventBusOptions, startLocalEventBus } from '../../local/event-bus/local-event-bus';
import { InvalidEventPatternError } from '../../local/event-bus/pattern';

/**
 * The local bus, driven by the real `EventBridgeClient` over HTTP: what the outbox relay sees when
 * it publishes locally. Deliveries happen before PutEvents answers, so nothing here waits.
 */

const busName = 'support-test';

/** The declared rules, plus a few that tell routing apart. */
const testRules = {
  ...rules,
  caseEvents: { description: 'Every case event', pattern: { source: [catalog.CaseOpened.source] }, targets: [{ kind: 'eventLog' }] },
  urgentCasesOpened: {
    description: 'Cases opened as urgent',
    pattern: { 'detail-type': [catalog.CaseOpened.detailType], detail: { data: { priority: ['urgent'] } } },
    targets: [{ kind: 'eventLog' }],
  },
  brokenTarget: { description: 'A target whose delivery always throws', pattern: { source: ['support.broken'] }, targets: [{ kind: 'eventLog' }] },
} satisfies Record<string, RuleDefinition>;

interface Delivery {
  ruleName: string;
  target: RuleTarget;
  event: BusEvent;
}

/** An entry as the relay writes it: the catalog's source and detail-type, `{ metadata, data }` as detail. */
function entry(source: string, detailType: string, data: Record<string, unknown> = {}, overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry {
  return { EventBusName: busName, Source: source, DetailType: detailType, Detail: JSON.stringify({ metadata: { eventId: randomUUID() }, data }), ...overrides };
}
const caseOpened = (priority: string) =>
  entry(catalog.CaseOpened.source, catalog.CaseOpened.detailType, { caseId: 'case_1', customerId: 'cus_1', priority, status: 'open' });
const caseUpdated = () =>
  entry(catalog.CaseUpdated.source, catalog.CaseUpdated.detailType, { caseId: 'case_1', customerId: 'cus_1', changes: {}, reopened: false, version: 2 });
const interactionRecorded = () =>
  entry(catalog.InteractionRecorded.source, catalog.InteractionRecorded.detailType, { interactionId: 'int_1', customerId: 'cus_1' });
const partnerEvent = () => entry('partner.crm', 'ContactSynced.v1');
/** An InteractionRecorded entry with some fields replaced (undefined removes one, as if the caller left it out). */
const interactionRecordedWith = (overrides: Partial<PutEventsRequestEntry>): PutEventsRequestEntry =>
  Object.fromEntries(Object.entries({ ...interactionRecorded(), ...overrides }).filter(([, value]) => value !== undefined));

const metadataEventId = (event: BusEvent) => (event.detail as { metadata: { eventId: string } }).metadata.eventId;
const detailOf = (putEntry: PutEventsRequestEntry) => JSON.parse(putEntry.Detail ?? '{}') as { metadata: { eventId: string } };

function clientFor(bus: LocalEventBus): EventBridgeClient {
  // One attempt: an unexpected server error must fail the test, not be retried away.
  return new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

describe('Local event bus (PutEvents through the real EventBridgeClient)', () => {
  const deliveries: Delivery[] = [];
  const logged: string[] = [];
  const buses: LocalEventBus[] = [];
  let bus: LocalEventBus;
  let client: EventBridgeClient;

  const startBus = async (overrides: Partial<LocalEventBusOptions> = {}) => {
    const started = await startLocalEventBus({
      busName,
      port: 0,
      rules: testRules,
      archive: { pattern: archive.pattern },
      deliver: async (target, event, ruleName) => {
        if (ruleName === 'brokenTarget') throw new Error('target unavailable');
        deliveries.push({ ruleName, target, event });
      },
      log: (line) => logged.push(line),
      ...overrides,
    });
    buses.push(started);
    return started;
  };
  const put = (entries: PutEventsRequestEntry[], on: EventBridgeClient = client) => on.send(new PutEventsCommand({ Entries: entries }));
  const rulesReached = (eventId: string | undefined) =>
    deliveries
      .filter(({ event }) => event.id === eventId)
      .map(({ ruleName }) => ruleName)
      .sort();

  beforeAll(async () => {
    bus = await startBus();
    client = clientFor(bus);
  });

  beforeEach(() => {
    deliveries.length = 0;
    logged.length = 0;
  });

  afterAll(async () => {
    client?.destroy();
    for (const started of buses) await started.stop();
  });

  it('delivers each event to the targets of the rules it matches, and only those', async () => {
    // Act
    const { FailedEntryCount, Entries = [] } = await put([caseOpened('urgent'), caseOpened('normal'), caseUpdated(), interactionRecorded(), partnerEvent()]);

    // Assess
    expect(FailedEntryCount).toBe(0);
    const [urgent, normal, updated, interaction, partner] = Entries.map(({ EventId }) => rulesReached(EventId));
    // Case events and contacts also feed the KPI consumer's queue (its rule `kpiEvents`).
    expect(urgent).toEqual(['caseEvents', 'eventLog', 'kpiEvents', 'urgentCasesOpened']);
    expect(normal).toEqual(['caseEvents', 'eventLog', 'kpiEvents']);
    expect(updated).toEqual(['caseEvents', 'eventLog', 'kpiEvents']);
    expect(interaction).toEqual(['eventLog', 'kpiEvents']);
    expect(partner).toEqual([]);
    expect(deliveries.every(({ target }) => target.kind === 'eventLog' || (target.kind === 'queue' && target.queue === 'kpis'))).toBe(true);
  });

  it('returns a distinct EventId per entry and delivers the event in the shape EventBridge gives targets', async () => {
    // Prepare
    const sent = entry(
      catalog.CaseOpened.source,
      catalog.CaseOpened.detailType,
      { caseId: 'case_2' },
      { Time: new Date('2026-11-22T10:00:00.456Z'), Resources: ['arn:aws:support:case_2'] },
    );

    // Act
    const { Entries = [] } = await put([sent, caseUpdated()]);

    // Assess
    const [first, second] = Entries.map(({ EventId }) => EventId);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
    const delivered = deliveries.find(({ ruleName, event }) => ruleName === 'eventLog' && event.id === first)?.event;
    expect(delivered).toEqual({
      version: '0',
      id: first,
      'detail-type': 'CaseOpened.v1',
      source: 'support.cases',
      account: '000000000000',
      time: '2026-11-22T10:00:00Z',
      region: 'eu-west-3',
      resources: ['arn:aws:support:case_2'],
      detail: JSON.parse(sent.Detail ?? ''),
    });
  });

  it('refuses a batch of 11 entries with a ValidationException, delivering none of them', async () => {
    // Prepare
    const archivedBefore = bus.events().length;
    const eleven = Array.from({ length: 11 }, () => interactionRecorded());

    // Act
    const call = put(eleven);

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    await expect(call).rejects.toThrow(/less than or equal to 10/);
    expect(deliveries).toEqual([]);
    expect(bus.events()).toHaveLength(archivedBefore);
  });

  it('accepts a batch of exactly 10 entries', async () => {
    const { FailedEntryCount, Entries = [] } = await put(Array.from({ length: 10 }, () => interactionRecorded()));

    expect(FailedEntryCount).toBe(0);
    expect(Entries).toHaveLength(10);
  });

  it.each([
    ['a missing Source', { Source: undefined }, 'InvalidArgument', /Parameter Source is not valid/],
    ['a missing DetailType', { DetailType: undefined }, 'InvalidArgument', /Parameter DetailType is not valid/],
    ['an empty DetailType', { DetailType: '' }, 'InvalidArgument', /Parameter DetailType is not valid/],
    ['a missing Detail', { Detail: undefined }, 'InvalidArgument', /Parameter Detail is not valid/],
    ['a Detail that is a JSON array', { Detail: '[1, 2, 3]' }, 'MalformedDetail', /Detail is malformed/],
    ['a Detail that is a JSON string', { Detail: '"text"' }, 'MalformedDetail', /Detail is malformed/],
    ['a Detail that is not JSON', { Detail: 'not json' }, 'MalformedDetail', /Detail is malformed/],
    ['a source reserved for AWS', { Source: 'aws.ec2' }, 'NotAuthorizedForSourceException', /Not authorized/],
    ['an unknown bus name', { EventBusName: 'support-other' }, 'ResourceNotFoundException', /Event bus support-other does not exist/],
    ['no bus name (the default bus)', { EventBusName: undefined }, 'ResourceNotFoundException', /Event bus default does not exist/],
  ] satisfies [string, Partial<PutEventsRequestEntry>, string, RegExp][])(
    'fails only the entry with %s, in its place, and delivers the others',
    async (_, overrides, errorCode, errorMessage) => {
      // Prepare
      const good = [caseUpdated(), interactionRecorded()];

      // Act
      const { FailedEntryCount, Entries = [] } = await put([good[0]!, interactionRecordedWith(overrides), good[1]!]);

      // Assess
      expect(FailedEntryCount).toBe(1);
      expect(Entries[1]).toEqual({ ErrorCode: errorCode, ErrorMessage: expect.stringMatching(errorMessage) });
      expect(Entries[0]?.EventId).toBeDefined();
      expect(Entries[2]?.EventId).toBeDefined();
      const deliveredEventIds = deliveries.filter(({ ruleName }) => ruleName === 'eventLog').map(({ event }) => metadataEventId(event));
      expect(deliveredEventIds).toEqual(good.map((sent) => detailOf(sent).metadata.eventId));
    },
  );

  it('accepts the bus ARN as EventBusName', async () => {
    const { FailedEntryCount } = await put([
      interactionRecorded(),
      entry(catalog.CaseOpened.source, catalog.CaseOpened.detailType, {}, { EventBusName: bus.busArn }),
    ]);

    expect(FailedEntryCount).toBe(0);
    expect(bus.busArn).toBe(`arn:aws:events:eu-west-3:000000000000:event-bus/${busName}`);
  });

  it('refuses entries over 256 KB in total with a ValidationException', async () => {
    const big = entry(catalog.CaseOpened.source, catalog.CaseOpened.detailType, { padding: 'x'.repeat(200 * 1024) });

    await expect(put([big, big])).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    expect(deliveries).toEqual([]);
  });

  it('keeps the entry successful when a target throws, counts the failure and logs it', async () => {
    // Prepare
    const failuresBefore = bus.deliveryFailures();

    // Act
    const { FailedEntryCount, Entries = [] } = await put([entry('support.broken', 'Broken.v1')]);

    // Assess
    expect(FailedEntryCount).toBe(0);
    expect(bus.deliveryFailures()).toBe(failuresBefore + 1);
    expect(logged).toEqual([expect.stringContaining(`rule brokenTarget could not deliver event ${Entries[0]?.EventId}`)]);
    expect(rulesReached(Entries[0]?.EventId)).toEqual(['eventLog']);
  });

  it('answers PutEvents only once the targets have the events, so callers never need to wait', async () => {
    // Prepare: a target that finishes only when the test lets it.
    let enter!: () => void;
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (enter = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const delivered: string[] = [];
    const gated = await startBus({
      deliver: async (_, event) => {
        enter();
        await released;
        delivered.push(event.id);
      },
    });
    const gatedClient = clientFor(gated);
    let answered = false;

    // Act
    const call = put([interactionRecorded()], gatedClient).then((output) => {
      answered = true;
      return output;
    });
    await entered;
    // A full round trip on the same server: an early answer would have arrived by now.
    await fetch(gated.endpoint, { method: 'POST', headers: { 'x-amz-target': 'AWSEvents.PutRule' }, body: '{}' });
    const answeredDuringDelivery = answered;
    release();
    const { Entries = [] } = await call;
    gatedClient.destroy();

    // Assess
    expect(answeredDuringDelivery).toBe(false);
    // Once to each target it matches: the event log and the KPI queue.
    expect(delivered).toEqual([Entries[0]?.EventId, Entries[0]?.EventId]);
  });

  it('answers any other operation with an UnknownOperationException', async () => {
    await expect(client.send(new ListRulesCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    ['11 entries', 'AWSEvents.PutEvents', JSON.stringify({ Entries: Array.from({ length: 11 }, () => interactionRecorded()) }), 'ValidationException'],
    ['no entries', 'AWSEvents.PutEvents', JSON.stringify({ Entries: [] }), 'ValidationException'],
    ['a body that is not JSON', 'AWSEvents.PutEvents', '{', 'SerializationException'],
    ['another operation', 'AWSEvents.PutRule', '{}', 'UnknownOperationException'],
  ])('answers %s on the wire with HTTP 400 and an AWS JSON 1.1 error body', async (_, operation, body, errorType) => {
    // Act
    const response = await fetch(bus.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': operation }, body });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({ __type: errorType, message: expect.any(String) });
    expect(deliveries).toEqual([]);
  });

  it('refuses to start with a rule whose pattern it cannot apply, naming the rule', async () => {
    const invalid = { description: 'Not an array', pattern: { source: 'support.cases' }, targets: [] } as unknown as RuleDefinition;

    const start = startBus({ rules: { ...testRules, invalid } });

    await expect(start).rejects.toThrow(InvalidEventPatternError);
    await expect(start).rejects.toThrow(/rule "invalid".*at source: must be an array/);
  });

  describe('archive', () => {
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'local-event-bus-'));
    });

    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('keeps every event matching the archive pattern, in order, in the file too, and reads it back after a restart', async () => {
      // Prepare
      const file = join(dataDir, 'archive.jsonl');
      const archived = await startBus({ archive: { pattern: archive.pattern, file } });
      const archivedClient = clientFor(archived);
      const first = [caseOpened('high'), partnerEvent(), interactionRecorded()];
      const second = [caseUpdated(), partnerEvent()];

      // Act
      await put(first, archivedClient);
      await put(second, archivedClient);
      archivedClient.destroy();
      await archived.stop();
      const restarted = await startBus({ archive: { pattern: archive.pattern, file } });

      // Assess: partner events are not support events, so the archive skips them.
      const expected = [first[0], first[2], second[0]].map((sent) => detailOf(sent!).metadata.eventId);
      expect(archived.events().map(metadataEventId)).toEqual(expected);
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(lines.map((line) => metadataEventId(JSON.parse(line) as BusEvent))).toEqual(expected);
      expect(restarted.events()).toEqual(archived.events());
    });

    it('keeps nothing without an archive', async () => {
      const unarchived = await startBus({ archive: undefined });
      const unarchivedClient = clientFor(unarchived);

      const { FailedEntryCount } = await put([caseUpdated()], unarchivedClient);
      unarchivedClient.destroy();

      expect(FailedEntryCount).toBe(0);
      expect(unarchived.events()).toEqual([]);
    });
  });

  it('is down once stopped (and stopping twice is harmless)', async () => {
    // Prepare
    const stopped = await startBus();
    const stoppedClient = clientFor(stopped);
    await put([caseUpdated()], stoppedClient);

    // Act
    await stopped.stop();
    await stopped.stop();

    // Assess
    await expect(put([caseUpdated()], stoppedClient)).rejects.toThrow();
    stoppedClient.destroy();
  });
});
