import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue as SdkAttributeValue, DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { functions } from '../../functions/definition/functions';
import { type OnFailureRecord, type StreamTrigger, type StreamTriggerOptions, startStreamTrigger } from '../../local/stream-trigger';
import { createTestTables, dataClients } from '../helpers/local-aws';

/**
 * The local stand-in for the Lambda event source mapping of the outbox relay, against DynamoDB
 * Local's real stream: Lambda's event shape, the declared filter, batch size, partial batch
 * responses, retries, checkpoints. Every test has tables of its own (a trigger reads its stream
 * from the oldest record), and waits with idle(), never with a sleep.
 */

const { client, documentClient, endpoint } = dataClients();
const relayTrigger = functions.outboxRelay.trigger;

/** An item carrying an outbox event, as the stores write them: what the relay's filter lets through. */
const outboxItem = (id: string, extra: Record<string, unknown> = {}) => ({
  pk: `item#${id}`,
  sk: 'item',
  outbox: { eventId: `event-${id}`, detailType: 'Test.v1' },
  ...extra,
});
const eventIds = (records: readonly DynamoDBRecord[]) => records.map((record) => record.dynamodb?.NewImage?.outbox?.M?.eventId?.S);

/** Numbers as DynamoDB keeps them (no leading zeros, no trailing fractional zeros), so that what is written is what comes back. */
const numberText = fc.oneof(
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
  fc
    .tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }))
    .map(([whole, fraction]) => `${whole < 0 ? '-' : ''}${Math.abs(whole)}.${String(fraction).replace(/0+$/, '')}`),
);
const bytes = (minLength: number) => fc.uint8Array({ minLength, maxLength: 12 });
/** Every attribute value the SDK can write: sets are non-empty and unique (DynamoDB refuses others), maps and lists may be empty, at any depth. */
const { value: attributeValue } = fc.letrec<{ value: SdkAttributeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string().map((S) => ({ S })),
    numberText.map((N) => ({ N })),
    bytes(0).map((B) => ({ B })),
    fc.boolean().map((BOOL) => ({ BOOL })),
    fc.constant({ NULL: true }),
    fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }).map((SS) => ({ SS })),
    fc.uniqueArray(numberText, { minLength: 1, maxLength: 4, selector: (n) => Number(n) }).map((NS) => ({ NS })),
    fc.uniqueArray(bytes(1), { minLength: 1, maxLength: 3, selector: (b) => Buffer.from(b).toString('hex') }).map((BS) => ({ BS })),
    fc.array(tie('value'), { maxLength: 3 }).map((L) => ({ L })),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('value'), { maxKeys: 3 }).map((M) => ({ M })),
    // Empty containers are what broke the stream (a customer's `segments: {}`): drawn often, not by luck.
    fc.constantFrom<SdkAttributeValue>({ M: {} }, { L: [] }),
  ),
}));

/** What AWS's stream JSON (and so Lambda's event) carries for a written value: the same value, binaries as base64. Sets compare in any order. */
function streamJson(value: SdkAttributeValue): AttributeValue {
  const base64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64).sort() };
  if (value.SS !== undefined) return { SS: [...value.SS].sort() };
  if (value.NS !== undefined) return { NS: [...value.NS].sort() };
  if (value.L !== undefined) return { L: value.L.map(streamJson) };
  if (value.M !== undefined) return { M: Object.fromEntries(Object.entries(value.M).map(([name, member]) => [name, streamJson(member)])) };
  return value as AttributeValue;
}
function sortSets(value: AttributeValue): AttributeValue {
  if (value.SS) return { SS: [...value.SS].sort() };
  if (value.NS) return { NS: [...value.NS].sort() };
  if (value.BS) return { BS: [...value.BS].sort() };
  if (value.L) return { L: value.L.map(sortSets) };
  if (value.M) return { M: Object.fromEntries(Object.entries(value.M).map(([name, member]) => [name, sortSets(member)])) };
  return value;
}

describe('Function: startStreamTrigger', () => {
  let table: string;
  const triggers: StreamTrigger[] = [];
  const directories: string[] = [];
  const logLines: string[] = [];

  const put = (item: Record<string, unknown>) => documentClient.send(new PutCommand({ TableName: table, Item: item }));
  const putAll = async (ids: readonly string[]) => {
    for (const id of ids) await put(outboxItem(id)); // one by one: stream order is write order
  };
  /** A trigger on the test's table whose handler records each invocation's event, then answers as `respond` says. */
  const start = async (
    // biome-ignore lint/suspicious/noConfusingVoidType: a handler may resolve to nothing, as the aws-lambda types say.
    respond: (event: DynamoDBStreamEvent, invocation: number) => Promise<DynamoDBBatchResponse | void> = async () => undefined,
    options: Partial<StreamTriggerOptions> = {},
  ) => {
    const invocations: DynamoDBRecord[][] = [];
    const trigger = await startStreamTrigger({
      endpoint,
      tableName: table,
      trigger: relayTrigger,
      retryDelayMs: 10,
      log: (line) => logLines.push(line),
      handler: async (event) => {
        invocations.push(event.Records);
        return respond(event, invocations.length);
      },
      ...options,
    });
    triggers.push(trigger);
    return { trigger, invocations };
  };

  beforeEach(async () => {
    ({ data: table } = await createTestTables());
    logLines.length = 0;
  });

  afterEach(async () => {
    for (const trigger of triggers.splice(0)) await trigger.stop();
  });

  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  it('delivers the records in the Lambda event shape, in write order, filtered, in batches of at most batchSize', async () => {
    // Prepare: 7 outbox writes, with writes the filter rejects in between (no outbox; a delete has no new image).
    await putAll(['1', '2', '3']);
    await put({ pk: 'plain#1', sk: 'item', note: 'no outbox event here' });
    await putAll(['4', '5']);
    await documentClient.send(new DeleteCommand({ TableName: table, Key: { pk: 'plain#1', sk: 'item' } }));
    await put(outboxItem('6', { payload: new Uint8Array([0xde, 0xad, 0xbe, 0xef]), count: 3, tags: new Set(['a', 'b']), flags: [true, null] }));
    await documentClient.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: 'item#1', sk: 'item' },
        UpdateExpression: 'SET outbox = :outbox',
        ExpressionAttributeValues: { ':outbox': { eventId: 'event-7' } },
      }),
    );
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));

    // Act
    const { trigger, invocations } = await start(undefined, { trigger: { ...relayTrigger, batchSize: 3 } });
    await trigger.idle();

    // Assess: 7 records, written before the start, so they come in full batches.
    expect(invocations.map((batch) => batch.length)).toEqual([3, 3, 1]);
    const records = invocations.flat();
    expect(eventIds(records)).toEqual(['event-1', 'event-2', 'event-3', 'event-4', 'event-5', 'event-6', 'event-7']);
    const sequenceNumbers = records.map((record) => BigInt(record.dynamodb!.SequenceNumber!));
    expect(sequenceNumbers).toEqual([...sequenceNumbers].sort((a, b) => (a < b ? -1 : 1)));
    expect(records[0]).toEqual({
      eventID: expect.any(String),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-3',
      eventSourceARN: Table!.LatestStreamArn,
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: 'item#1' }, sk: { S: 'item' } },
        NewImage: { pk: { S: 'item#1' }, sk: { S: 'item' }, outbox: { M: { eventId: { S: 'event-1' }, detailType: { S: 'Test.v1' } } } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    // DynamoDB Local rounds the creation time down to the minute.
    expect(Math.abs(records[0]!.dynamodb!.ApproximateCreationDateTime! - Date.now() / 1000)).toBeLessThan(120);
    expect(records[5]!.dynamodb!.NewImage).toMatchObject({
      payload: { B: '3q2+7w==' },
      count: { N: '3' },
      tags: { SS: ['a', 'b'] },
      flags: { L: [{ BOOL: true }, { NULL: true }] },
    });
    expect(records[6]).toMatchObject({ eventName: 'MODIFY', dynamodb: { OldImage: { outbox: { M: { eventId: { S: 'event-1' } } } } } });
  });

  it('delivers every item the SDK can write as the stream JSON Lambda delivers: empty maps and lists, nested, binaries, sets, numbers as strings', async () => {
    // Prepare: one trigger on the test's table; each run writes one item with arbitrary attributes.
    const { trigger, invocations } = await start();
    let run = 0;

    // Act / Assess: each written item comes out of the local stream as AWS's stream JSON carries it.
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }).map((name) => `a_${name}`),
          attributeValue,
          { maxKeys: 4 },
        ),
        async (attributes) => {
          const pk = `prop#${++run}`;
          const item: Record<string, SdkAttributeValue> = {
            ...attributes,
            pk: { S: pk },
            sk: { S: 'item' },
            outbox: { M: { eventId: { S: `event-${run}` } } },
          };
          await client.send(new PutItemCommand({ TableName: table, Item: item }));
          await trigger.idle();
          const delivered = invocations.flat().find((record) => record.dynamodb?.Keys?.pk?.S === pk);
          expect(delivered, `the record of ${pk} is delivered`).toBeDefined();
          const image = Object.fromEntries(Object.entries(delivered!.dynamodb!.NewImage!).map(([name, value]) => [name, sortSets(value)]));
          expect(image).toEqual(Object.fromEntries(Object.entries(item).map(([name, value]) => [name, streamJson(value)])));
        },
      ),
      {
        numRuns: 25,
        // The shapes of the issue, always tried: no segments, every consent withdrawn, empty maps deep in lists and maps.
        examples: [
          [{ a_segments: { M: {} } }],
          [{ a_consent: { M: {} }, a_attributes: { M: { vip: { BOOL: true } } } }],
          [{ a_deep: { L: [{ M: {} }, { L: [] }, { M: { x: { M: {} } } }] } }],
        ],
      },
    );
    expect(logLines).toEqual([]);
  }, 120_000);

  it('delivers writes made while it runs, and idle() waits for them', async () => {
    // Prepare
    const { trigger, invocations } = await start();

    // Act
    await putAll(['1', '2']);
    await trigger.idle();
    await putAll(['3', '4', '5']);
    await trigger.idle();

    // Assess
    expect(eventIds(invocations.flat())).toEqual(['event-1', 'event-2', 'event-3', 'event-4', 'event-5']);
  });

  it('retries from the first record the handler reports failed, and never redelivers the records before it', async () => {
    // Prepare: the first invocation fails on its 2nd record.
    await putAll(['1', '2', '3', '4']);

    // Act
    const { trigger, invocations } = await start(async (event, invocation) =>
      invocation === 1
        ? {
            batchItemFailures: [
              { itemIdentifier: event.Records[2]!.dynamodb!.SequenceNumber! },
              { itemIdentifier: event.Records[1]!.dynamodb!.SequenceNumber! },
            ],
          }
        : { batchItemFailures: [] },
    );
    await trigger.idle();

    // Assess
    expect(invocations.map(eventIds)).toEqual([
      ['event-1', 'event-2', 'event-3', 'event-4'],
      ['event-2', 'event-3', 'event-4'],
    ]);
    expect(logLines).toEqual([expect.stringContaining('handler reported 2 failed of 4 records')]);
  });

  it('retries a batch whose handler throws, with a growing delay, until it succeeds; then every record has been handled exactly once', async () => {
    // Prepare: the handler throws on its first 3 invocations.
    const handled: DynamoDBRecord[] = [];
    const { trigger, invocations } = await start(async (event, invocation) => {
      if (invocation <= 3) throw new Error('bus unavailable');
      handled.push(...event.Records);
    });

    // Act
    await putAll(['1', '2', '3']);
    await trigger.idle();

    // Assess
    expect(eventIds(handled)).toEqual(['event-1', 'event-2', 'event-3']);
    expect(invocations.length).toBeGreaterThanOrEqual(4);
    expect(logLines).toHaveLength(3);
    expect(logLines.map((line) => line.match(/in (\d+) ms$/)?.[1])).toEqual(['10', '20', '40']);
    expect(logLines[0]).toContain('handler threw on');
    expect(logLines[0]).toContain('bus unavailable');
  });

  it('as declared: bisects a batch that throws until the record at fault is alone, retries it the declared times, then describes it in the on-failure destination as Lambda does and delivers the records after it', async () => {
    // Prepare: a handler that throws whenever its batch holds event-3; two retries allowed.
    await putAll(['1', '2', '3', '4', '5', '6']);
    const onFailure: OnFailureRecord[] = [];
    const handled: DynamoDBRecord[] = [];

    // Act
    const { trigger, invocations } = await start(
      async (event) => {
        if (eventIds(event.Records).includes('event-3')) throw new Error('poison record');
        handled.push(...event.Records);
      },
      {
        trigger: { ...relayTrigger, retry: { maxAttempts: 2, bisectOnError: true } },
        onFailure: async (record) => void onFailure.push(record),
        functionArn: 'arn:aws:lambda:eu-west-3:000000000000:function:relay',
      },
    );
    await trigger.idle();

    // Assess: halves until event-3 is alone (no attempt counted), then 1 attempt + 2 retries of it alone.
    expect(invocations.map(eventIds)).toEqual([
      ['event-1', 'event-2', 'event-3', 'event-4', 'event-5', 'event-6'],
      ['event-1', 'event-2', 'event-3'],
      ['event-1', 'event-2'],
      ['event-3', 'event-4', 'event-5', 'event-6'],
      ['event-3', 'event-4'],
      ['event-3'],
      ['event-3'],
      ['event-3'],
      ['event-4', 'event-5', 'event-6'],
    ]);
    expect(eventIds(handled)).toEqual(['event-1', 'event-2', 'event-4', 'event-5', 'event-6']);
    const poison = invocations[5]![0]!;
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    expect(onFailure).toEqual([
      {
        requestContext: {
          requestId: expect.any(String),
          functionArn: 'arn:aws:lambda:eu-west-3:000000000000:function:relay',
          condition: 'RetryAttemptsExhausted',
          approximateInvokeCount: 3,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        DDBStreamBatchInfo: {
          shardId: expect.stringMatching(/^shardId-/),
          startSequenceNumber: poison.dynamodb!.SequenceNumber,
          endSequenceNumber: poison.dynamodb!.SequenceNumber,
          approximateArrivalOfFirstRecord: expect.stringMatching(/Z$/),
          approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
          batchSize: 1,
          streamArn: Table!.LatestStreamArn,
        },
      },
    ]);
    expect(logLines.at(-1)).toContain('retries exhausted after 3 failed attempts on 1 records');
  });

  it('counts partial batch failures against the retry attempts too, and never skips a batch its on-failure destination could not take', async () => {
    // Prepare: the handler always reports event-2 failed; the destination is down at first.
    await putAll(['1', '2']);
    const onFailure: OnFailureRecord[] = [];
    let destinationDown = true;

    // Act
    const { trigger, invocations } = await start(
      async (event) => ({
        batchItemFailures: event.Records.filter((r) => eventIds([r])[0] === 'event-2').map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })),
      }),
      {
        trigger: { ...relayTrigger, retry: { maxAttempts: 1, bisectOnError: true } },
        onFailure: async (record) => {
          if (destinationDown) {
            destinationDown = false;
            throw new Error('queue unavailable');
          }
          onFailure.push(record);
        },
      },
    );
    await trigger.idle();

    // Assess: [1,2] fails at 2; [2] retried once; exhausted, the destination refuses, so [2] is tried again, then described.
    expect(invocations.map(eventIds)).toEqual([['event-1', 'event-2'], ['event-2'], ['event-2']]);
    expect(
      onFailure.map((record) => [record.DDBStreamBatchInfo.batchSize, record.responseContext.functionError, record.requestContext.approximateInvokeCount]),
    ).toEqual([[1, 'PartialBatchFailure', 3]]);
    expect(logLines.some((line) => line.includes('the on-failure destination refused them'))).toBe(true);
  });

  it('retries the whole batch when the handler reports an identifier that is not in it', async () => {
    // Prepare
    await putAll(['1', '2']);

    // Act
    const { trigger, invocations } = await start(async (_event, invocation) =>
      invocation === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-a-record' }] } : undefined,
    );
    await trigger.idle();

    // Assess
    expect(invocations.map(eventIds)).toEqual([
      ['event-1', 'event-2'],
      ['event-1', 'event-2'],
    ]);
  });

  it('resumes after a restart from its checkpoint file, without redelivering what was handled', async () => {
    // Prepare: a first run handles two records, then stops; two more are written meanwhile.
    const directory = await mkdtemp(join(tmpdir(), 'stream-trigger-test-'));
    directories.push(directory);
    const checkpointFile = join(directory, 'checkpoints.json');
    const first = await start(undefined, { checkpointFile });
    await putAll(['1', '2']);
    await first.trigger.idle();
    await first.trigger.stop();
    await putAll(['3', '4']);

    // Act
    const second = await start(undefined, { checkpointFile });
    await second.trigger.idle();

    // Assess
    expect(eventIds(first.invocations.flat())).toEqual(['event-1', 'event-2']);
    expect(eventIds(second.invocations.flat())).toEqual(['event-3', 'event-4']);
    const saved = JSON.parse(await readFile(checkpointFile, 'utf8')) as { streamArn: string; shards: Record<string, string> };
    expect(Object.values(saved.shards)).toEqual([second.invocations.flat().at(-1)!.dynamodb!.SequenceNumber]);
  });

  it("delivers the first records of a stream that was empty when it started, after other tables' writes (DynamoDB Local's shared sequence numbers)", async () => {
    // Prepare: polling an empty shard; another table advances the sequence numbers.
    const { trigger, invocations } = await start();
    await trigger.idle();
    const other = await createTestTables();
    await documentClient.send(new PutCommand({ TableName: other.data, Item: outboxItem('elsewhere') }));

    // Act
    await putAll(['1']);
    await trigger.idle();

    // Assess
    expect(eventIds(invocations.flat())).toEqual(['event-1']);
  });

  it('stop() waits for the batch in flight', async () => {
    // Prepare: a handler that holds its batch until released.
    let release!: () => void;
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const { trigger } = await start(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          started();
        }),
    );
    await putAll(['1']);
    await handlerStarted;

    // Act
    let stopped = false;
    const stopping = trigger.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    const stoppedBeforeRelease = stopped;
    release();
    await stopping;

    // Assess
    expect(stoppedBeforeRelease).toBe(false);
    expect(stopped).toBe(true);
  });
});
