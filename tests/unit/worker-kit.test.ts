import type { SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotificationQueueMessage } from '../../functions/adapters/sqs/notification-queue';
import { logger, metrics } from '../../functions/commons/powertools';
import { MalformedMessage, parseBusEvent, parseMessage } from '../../functions/commons/worker/messages';
import { events } from '../../functions/domain/events';
import { sqsWorker } from '../../functions/commons/worker/sqs-worker';
import { lambdaContext } from '../../local/lambda-context';

/** An EscalationRequested event as EventBridge hands it to the escalation queue. */
function escalationRequested(overrides: { detailType?: string; source?: string; metadata?: Record<string, unknown>; data?: Record<string, unknown> } = {}) {
  return {
    version: '0',
    id: 'b8c1f7f0-0000-4000-8000-000000000001',
    'detail-type': overrides.detailType ?? 'EscalationRequested.v1',
    source: overrides.source ?? 'support.escalations',
    account: '000000000000',
    time: '2026-11-22T10:00:00Z',
    region: 'eu-west-3',
    resources: [],
    detail: {
      metadata: {
        eventId: 'evt_1',
        eventType: overrides.detailType ?? 'EscalationRequested.v1',
        occurredAt: '2026-11-22T10:00:00.000Z',
        clientId: 'demo',
        correlationId: 'corr-1',
        ...overrides.metadata,
      },
      data: { escalationId: 'esc_1', caseId: 'case_1', customerId: 'cus_1', queue: 'expert', tier: 2, priority: 'high', ...overrides.data },
    },
  };
}

const record = (body: string, messageId = 'msg-1'): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-3:000000000000:standard',
  awsRegion: 'eu-west-3',
});

/** The field a malformed message is refused for (the error must be a MalformedMessage). */
function refusedField(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof MalformedMessage) return error.field;
    throw error;
  }
  throw new Error('accepted');
}

describe('Function: parseBusEvent', () => {
  it('reads a valid event: its name, typed data and metadata, the envelope as it came', () => {
    // Prepare: a newer producer added an optional field the schema does not know yet.
    const body = escalationRequested({ data: { reason: 'newer field' } });

    // Act
    const event = parseBusEvent(record(JSON.stringify(body)), [events.EscalationRequested, events.EscalationAssigned]);

    // Assess
    expect(event.name).toBe('EscalationRequested');
    expect(event.data).toMatchObject({ escalationId: 'esc_1', queue: 'expert' });
    expect(event.metadata.correlationId).toBe('corr-1');
    expect(event.envelope).toEqual(body);
  });

  it('refuses each kind of malformed message, naming the field, never the value', () => {
    const parse = (body: unknown) => () => parseBusEvent(typeof body === 'string' ? body : JSON.stringify(body), [events.EscalationRequested]);
    const { detail, ...noDetail } = escalationRequested();

    expect(refusedField(parse('not json {'))).toBe('(body)');
    expect(refusedField(parse(null))).toBe('(body)');
    expect(refusedField(parse(noDetail))).toBe('detail');
    expect(refusedField(parse({ ...escalationRequested(), detail: { data: detail.data } }))).toBe('detail.metadata');
    expect(refusedField(parse(escalationRequested({ metadata: { correlationId: 42 } })))).toBe('detail.metadata.correlationId');
    expect(refusedField(parse(escalationRequested({ detailType: 'CaseOpened.v1' })))).toBe('detail-type');
    expect(refusedField(parse(escalationRequested({ source: 'support.cases' })))).toBe('source');
    expect(refusedField(parse(escalationRequested({ metadata: { eventType: 'EscalationAssigned.v1' } })))).toBe('detail.metadata.eventType');
    expect(refusedField(parse(escalationRequested({ data: { escalationId: undefined } })))).toBe('detail.data.escalationId');
    expect(refusedField(parse(escalationRequested({ data: { queue: 'nowhere' } })))).toBe('detail.data.queue');

    const secret = 'jane.doe@example.com';
    try {
      parseBusEvent(JSON.stringify(escalationRequested({ data: { escalationId: 7, customerId: { email: secret } } })), [events.EscalationRequested]);
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).not.toContain('7');
    }
  });
});

describe("Function: parseMessage (the notification queue's own messages)", () => {
  it('reads audience pages, delivery groups and deferred releases, and refuses one that lost a field', () => {
    expect(parseMessage(JSON.stringify({ kind: 'deliver', incidentId: 'inc_1', revision: 2, customerIds: ['cus_1'] }), NotificationQueueMessage)).toMatchObject(
      { kind: 'deliver' },
    );
    expect(
      parseMessage(JSON.stringify({ kind: 'audience', incidentId: 'inc_1', revision: 1, from: 'segments', position: 0 }), NotificationQueueMessage),
    ).toMatchObject({ kind: 'audience' });

    expect(refusedField(() => parseMessage(JSON.stringify({ kind: 'deliver', incidentId: 'inc_1', revision: 2 }), NotificationQueueMessage))).toBe(
      'customerIds',
    );
    expect(
      refusedField(() =>
        parseMessage(JSON.stringify({ kind: 'audience', incidentId: 'inc_1', revision: 1, from: 'everyone', position: 0 }), NotificationQueueMessage),
      ),
    ).toBe('from');
    expect(refusedField(() => parseMessage(JSON.stringify({ kind: 'unknown' }), NotificationQueueMessage))).toBe('kind');
  });
});

describe('Function: sqsWorker', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reports a malformed message as a batch item failure, logged with its id and field and counted, and handles the rest', async () => {
    // Prepare
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const counted = vi.spyOn(metrics, 'addMetric');
    const handled: string[] = [];
    const handler = sqsWorker({
      dependencies: () => ({ handled }),
      handle: async (message, deps) => void deps.handled.push(parseBusEvent(message, [events.EscalationRequested]).data.escalationId),
    });
    const malformed = escalationRequested({ data: { escalationId: undefined, customerId: 'jane.doe@example.com' } });

    // Act
    const response = await handler(
      {
        Records: [
          record(JSON.stringify(escalationRequested()), 'ok-1'),
          record(JSON.stringify(malformed), 'bad-1'),
          record(JSON.stringify(escalationRequested({ data: { escalationId: 'esc_2' } })), 'ok-2'),
        ],
      },
      lambdaContext('test-worker', { entry: 'x', description: 'x' } as never),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad-1' }] });
    expect(handled).toEqual(['esc_1', 'esc_2']);
    expect(counted).toHaveBeenCalledWith('MalformedMessages', 'Count', 1);
    expect(errors).toHaveBeenCalledTimes(1);
    const [, logged] = errors.mock.calls[0]!;
    expect(logged).toMatchObject({ messageId: 'bad-1', field: 'detail.data.escalationId' });
    expect(JSON.stringify(logged)).not.toContain('jane.doe');
  });
});
