import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type AttributeValue as SdkAttributeValue,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as SdkStreamRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { TableStreamTrigger } from '../functions/definition/functions';
import { localAwsClientConfig, localRegion } from './aws';
import { tableStreamArn } from './dynamodb';
import { compilePattern, type EventMatcher } from './event-bus/pattern';

/**
 * What the Lambda event source mapping does for a DynamoDB stream (AWS docs: "Using AWS Lambda
 * with Amazon DynamoDB", "Lambda event filtering", "Configuring partial batch response"),
 * against DynamoDB Local's real stream API:
 * - every shard is polled, a child only once its parent is closed and read to the end, so the
 *   records of one key arrive in order;
 * - records are converted to the JSON shape Lambda delivers, and those the declared filter
 *   rejects are dropped (and checkpointed: they never come back);
 * - the handler gets batches of at most `batchSize` filtered records of one shard, in order,
 *   one batch in flight per shard;
 * - ReportBatchItemFailures: the shard is checkpointed just before the lowest failed sequence
 *   number and read again from there; a thrown error retries the whole batch. Either way with
 *   a backoff (retryDelayMs, doubling, capped at 5 s);
 * - the declared `retry` (the same values the stack gives the mapping): a batch that threw is
 *   bisected (BisectBatchOnFunctionError, no attempt counted) until the record at fault is alone;
 *   each other failure counts an attempt (MaximumRetryAttempts) against the record retried from;
 *   when they are exhausted, Lambda's on-failure record (shard, sequence range) goes to the
 *   on-failure destination and the shard moves on past the batch.
 * Not emulated: the batching window (a batch is what one poll returns, which only makes
 * delivery faster than in AWS), parallelization factor.
 *
 * How DynamoDB Local 3.3 streams behave (checked against the jar, and by experiment):
 * - a record is readable as soon as the write has returned; GetRecords returns every record
 *   after the iterator's position (up to Limit), so an empty page means "caught up";
 * - sequence numbers are 21-digit, zero-padded and shared by every table of the instance, so a
 *   shard's numbers have gaps;
 * - a shard never closes: the rollover job (4 h) is only started by the embedded API, never by
 *   the server. One open shard per stream, for ever; closed shards and children are handled
 *   anyway, as AWS has them;
 * - iterators expire 15 minutes after they were issued (ExpiredIteratorException). Each
 *   NextShardIterator is a fresh one, so only a poll paused that long meets it: the iterator
 *   is taken again from the checkpoint (AFTER_SEQUENCE_NUMBER);
 * - an iterator taken while the shard was still empty fails with TrimmedDataAccessException
 *   once the shard's first record is written after other tables' writes advanced the shared
 *   sequence numbers. It is likewise taken again (TRIM_HORIZON, as nothing was handled yet);
 * - ApproximateCreationDateTime is rounded down to the minute; awsRegion is "ddblocal" (the
 *   event says the local region instead); records are kept 24 h; with a data directory, records,
 *   shards and sequence numbers survive restarts, which is what makes checkpoint files useful.
 */
export interface StreamTriggerOptions {
  endpoint: string;
  tableName: string;
  trigger: TableStreamTrigger;
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler may resolve to nothing, as the aws-lambda types say.
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  /** Keeps the last handled sequence number of each shard across restarts; undefined = in memory, each start reads from TRIM_HORIZON. */
  checkpointFile?: string;
  /** Pause between polls when there is nothing to retry. Default 100 ms. */
  pollIntervalMs?: number;
  /** First retry delay after a failed batch; doubles with each further failure, up to 5 s. Default 200 ms. */
  retryDelayMs?: number;
  log?: (line: string) => void;
  /** The on-failure destination: receives Lambda's description of each batch whose retries ran out. Undefined = dropped, as Lambda does without one. */
  onFailure?: (record: OnFailureRecord) => Promise<void>;
  /** The function's ARN, for the on-failure record. */
  functionArn?: string;
  /**
   * The userIdentity DynamoDB gives a REMOVE record of its own (a TTL deletion), which DynamoDB
   * Local does not write: the local TTL sweeper says which removals were its (local/ttl-sweeper.ts).
   */
  serviceDeletion?: (keys: Record<string, unknown> | undefined) => { type: string; principalId: string } | undefined;
}

/**
 * What Lambda sends an on-failure destination for a DynamoDB stream batch whose retries ran out
 * (AWS docs, "Retaining discarded batches for a DynamoDB event source in Lambda"): where the
 * records are in the stream, not the records themselves.
 */
export interface OnFailureRecord {
  requestContext: { requestId: string; functionArn: string; condition: 'RetryAttemptsExhausted'; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord?: string;
    approximateArrivalOfLastRecord?: string;
    batchSize: number;
    streamArn: string;
  };
}

export interface StreamTrigger {
  /** Stops polling; resolves once the batch in flight (if any) has returned. */
  stop(): Promise<void>;
  /** Resolves once every record written before the call has been handled successfully (or filtered out). */
  idle(): Promise<void>;
}

export async function startStreamTrigger(options: StreamTriggerOptions): Promise<StreamTrigger> {
  const config = localAwsClientConfig(options.endpoint);
  const tables = new DynamoDBClient(config);
  const streamArn = await tableStreamArn(tables, options.tableName).finally(() => tables.destroy());
  const poller = new StreamPoller(options, streamArn, new DynamoDBStreamsClient(config), new Checkpoints(options.checkpointFile, streamArn));
  poller.start();
  return { stop: () => poller.stop(), idle: () => poller.idle() };
}

const maxRetryDelayMs = 5_000;
/** Shards are listed again this often (in polls) to find new ones, and on every poll while someone awaits idle(). */
const refreshShardsEvery = 20;
/** Iterators renewed this many times in a row without a successful read are a failure, not a quirk. */
const maxRenewals = 3;

interface ShardState {
  readonly id: string;
  readonly parentId: string | undefined;
  iterator: string | undefined;
  /** NextShardIterator came back empty: the shard is read to its end. */
  closed: boolean;
  readonly backoff: Backoff;
  /** Consecutive iterator renewals without a successful read. */
  renewals: number;
  /** The batch being retried, if one failed. */
  retry?: RetryState;
}

type Page = Pick<GetRecordsCommandOutput, 'Records' | 'NextShardIterator'>;

/** What one poll of a shard found: `caughtUp` only when it read an empty page from a valid iterator. */
type PollOutcome = 'caughtUp' | 'busy';

interface IdleWaiter {
  /** The last poll cycle that started before the call: a later quiet cycle proves idleness. */
  after: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A stream record as the handler gets it, or why it could not be converted. */
interface Entry {
  readonly sequence: string;
  readonly sdk: SdkStreamRecord;
  readonly record?: DynamoDBRecord;
  readonly error?: string;
}

interface BatchFailure {
  retryFrom: string;
  reason: string;
  /** The handler threw (or the record could not be handed over), as opposed to reporting partial failures. */
  threw: boolean;
}

/** The failing batch of a shard: the record retried from, the attempts counted against it, the bisected batch size. */
interface RetryState {
  readonly from: string;
  readonly failures: number;
  readonly limit: number;
}

/** At most `limit` entries from `start`; a record that could not be converted goes alone. */
function nextBatch(entries: readonly Entry[], start: number, limit: number): Entry[] {
  if (entries[start]!.error !== undefined) return [entries[start]!];
  const batch: Entry[] = [];
  for (let i = start; i < entries.length && batch.length < limit && entries[i]!.error === undefined; i++) batch.push(entries[i]!);
  return batch;
}

/** A failed attempt at a shard that is not an SDK error (the handler failed, the iterator keeps expiring). */
class ShardFailure extends Error {}

/** Consecutive failures of one thing (a shard, the listing of shards), and when to try it again: capped exponential. */
class Backoff {
  failures = 0;
  retryAt = 0;

  constructor(private readonly firstDelay: number) {}

  /** Records a failure; returns the delay before the next attempt. */
  fail(): number {
    this.failures++;
    const delay = Math.min(this.firstDelay * 2 ** (this.failures - 1), maxRetryDelayMs);
    this.retryAt = Date.now() + delay;
    return delay;
  }

  succeed(): void {
    this.failures = 0;
    this.retryAt = 0;
  }

  waiting(now: number): boolean {
    return this.retryAt > now;
  }
}

class StreamPoller {
  private readonly shards = new Map<string, ShardState>();
  private readonly accepts: EventMatcher;
  private readonly pollInterval: number;
  private readonly firstRetryDelay: number;
  private readonly log: (line: string) => void;
  private readonly idleWaiters: IdleWaiter[] = [];
  private readonly listing: Backoff;
  private running = true;
  private cycle = 0;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly options: StreamTriggerOptions,
    private readonly streamArn: string,
    private readonly streams: DynamoDBStreamsClient,
    private readonly checkpoints: Checkpoints,
  ) {
    this.accepts = compilePattern(options.trigger.filter);
    this.pollInterval = options.pollIntervalMs ?? 100;
    this.firstRetryDelay = options.retryDelayMs ?? 200;
    this.listing = new Backoff(this.firstRetryDelay);
    const log = options.log ?? ((line: string) => console.warn(line));
    this.log = (line) => log(`stream trigger (${options.tableName}): ${line}`);
  }

  start(): void {
    this.loop = this.run();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.running = false;
      this.wake?.();
      await this.loop;
      this.streams.destroy();
      for (const waiter of this.idleWaiters.splice(0)) waiter.reject(new Error(`stream trigger (${this.options.tableName}) stopped before it was idle`));
    })();
    return this.stopping;
  }

  idle(): Promise<void> {
    if (!this.running) return Promise.reject(new Error(`stream trigger (${this.options.tableName}) is stopped`));
    return new Promise((resolve, reject) => {
      this.idleWaiters.push({ after: this.cycle, resolve, reject });
      this.wake?.(); // no need to wait for the poll interval
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      const cycle = ++this.cycle;
      const quiet = await this.pollAll(cycle);
      if (quiet) this.releaseIdleWaiters(cycle);
      await this.sleep(this.nextPollDelay());
    }
  }

  /** One poll of every readable shard, concurrently (shards are independent); true when all were caught up. */
  private async pollAll(cycle: number): Promise<boolean> {
    const listed = await this.refreshShardsIfDue(cycle);
    const now = Date.now();
    const readable = this.readableShards();
    const outcomes = await Promise.all(readable.filter((shard) => !shard.backoff.waiting(now)).map((shard) => this.pollShard(shard)));
    const waitingForRetry = readable.some((shard) => shard.backoff.waiting(now));
    return listed && !waitingForRetry && outcomes.every((outcome) => outcome === 'caughtUp');
  }

  /** Lists the shards when there may be new ones to know of; false when that was due but failed. */
  private async refreshShardsIfDue(cycle: number): Promise<boolean> {
    const due = this.shards.size === 0 || this.idleWaiters.length > 0 || cycle % refreshShardsEvery === 0 || this.listing.failures > 0;
    if (!due) return true;
    if (this.listing.waiting(Date.now())) return false;
    try {
      await this.refreshShards();
      this.listing.succeed();
      return true;
    } catch (error) {
      const delay = this.listing.fail();
      this.log(`cannot list the stream's shards: ${errorMessage(error)}; attempt ${this.listing.failures + 1} in ${delay} ms`);
      return false;
    }
  }

  private async refreshShards(): Promise<void> {
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const { ShardId, ParentShardId } of StreamDescription?.Shards ?? []) {
        if (ShardId && !this.shards.has(ShardId)) {
          this.shards.set(ShardId, {
            id: ShardId,
            parentId: ParentShardId,
            iterator: undefined,
            closed: false,
            backoff: new Backoff(this.firstRetryDelay),
            renewals: 0,
          });
        }
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  }

  /** Open shards whose parent is read to its end (or gone from the stream): a key's records stay in order. */
  private readableShards(): ShardState[] {
    return [...this.shards.values()].filter((shard) => {
      if (shard.closed) return false;
      const parent = shard.parentId === undefined ? undefined : this.shards.get(shard.parentId);
      return parent === undefined || parent.closed;
    });
  }

  private async pollShard(shard: ShardState): Promise<PollOutcome> {
    try {
      shard.iterator ??= await this.iteratorFor(shard);
      const page = await this.getRecords(shard, shard.iterator);
      if (page === 'renewed') return 'busy';
      const records = page.Records ?? [];
      if (records.length > 0) await this.deliver(shard, records);
      shard.backoff.succeed();
      shard.iterator = page.NextShardIterator;
      if (shard.iterator === undefined) {
        shard.closed = true; // its children become readable on the next poll
        return 'busy';
      }
      return records.length > 0 ? 'busy' : 'caughtUp';
    } catch (error) {
      this.fail(shard, error);
      return 'busy';
    }
  }

  /** An iterator from the checkpoint, or from the oldest record when nothing was handled yet. */
  private async iteratorFor(shard: ShardState): Promise<string | undefined> {
    const after = this.checkpoints.get(shard.id);
    if (after !== undefined) {
      try {
        return await this.shardIterator(shard, after);
      } catch (error) {
        if (!(error instanceof TrimmedDataAccessException)) throw error;
        this.log(`records after ${after} on ${shard.id} have left the stream (24 h retention): resuming at the oldest record`);
      }
    }
    return this.shardIterator(shard, undefined);
  }

  private async shardIterator(shard: ShardState, after: string | undefined): Promise<string | undefined> {
    const position =
      after === undefined ? ({ ShardIteratorType: 'TRIM_HORIZON' } as const) : ({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } as const);
    const { ShardIterator } = await this.streams.send(new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shard.id, ...position }));
    return ShardIterator;
  }

  /** One page of records; 'renewed' when the iterator had to be dropped (expired, or the empty-shard quirk): taken again next poll. */
  private async getRecords(shard: ShardState, iterator: string | undefined): Promise<Page | 'renewed'> {
    if (iterator === undefined) return { Records: [] }; // a closed shard with nothing after the checkpoint
    try {
      const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      shard.renewals = 0;
      return page;
    } catch (error) {
      if (!(error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException)) throw error;
      shard.iterator = undefined;
      if (++shard.renewals >= maxRenewals) throw new ShardFailure(`${error.name} ${shard.renewals} times in a row on ${shard.id}`);
      return 'renewed';
    }
  }

  /**
   * Hands the accepted records of one page to the handler, batch by batch, checkpointing as it
   * goes, and applies the declared retry policy to a failed batch (see `retry` in
   * functions/definition/functions.ts): a batch that threw is split in two while it has more than one
   * record (no attempt counted); otherwise the attempt is counted against the record retried
   * from, and once they are exhausted the rest of the batch is described in the on-failure
   * destination and skipped.
   */
  private async deliver(shard: ShardState, page: SdkStreamRecord[]): Promise<void> {
    const accepted = page.map((record) => this.entryOf(record)).filter((entry) => entry.record === undefined || this.accepts(entry.record));
    const { batchSize, retry } = this.options.trigger;
    for (let start = 0; start < accepted.length; ) {
      const batch = nextBatch(accepted, start, Math.min(batchSize, shard.retry?.limit ?? batchSize));
      const failure = await this.invoke(batch);
      if (!failure) {
        this.checkpoints.set(shard.id, batch.at(-1)!.sequence);
        shard.retry = undefined;
        start += batch.length;
        continue;
      }
      this.checkpointBefore(shard, page, failure.retryFrom);
      const retried = batch.slice(batch.findIndex((entry) => entry.sequence === failure.retryFrom));
      const earlier = shard.retry?.from === failure.retryFrom ? shard.retry.failures : 0;
      if (failure.threw && retry.bisectOnError && retried.length > 1) {
        shard.retry = { from: failure.retryFrom, failures: earlier, limit: Math.ceil(retried.length / 2) };
        throw new ShardFailure(`${failure.reason}; splitting it in two`);
      }
      const failures = earlier + 1;
      shard.retry = { from: failure.retryFrom, failures, limit: shard.retry?.limit ?? batchSize };
      if (failures <= retry.maxAttempts) throw new ShardFailure(failure.reason);
      await this.discard(shard, retried, failures, failure);
      shard.retry = undefined;
      start += batch.length;
    }
    // Up to the end of the page: filtered-out records after the last batch are done too.
    this.checkpoints.set(shard.id, page.at(-1)!.dynamodb!.SequenceNumber!);
  }

  /** A record as the handler gets it, or why it cannot be converted (it then fails like a batch of its own, and ends in the on-failure destination). */
  private entryOf(record: SdkStreamRecord): Entry {
    const sequence = record.dynamodb!.SequenceNumber!;
    try {
      const identity = record.eventName === 'REMOVE' && !record.userIdentity ? this.options.serviceDeletion?.(record.dynamodb?.Keys) : undefined;
      return { sequence, sdk: record, record: toLambdaRecord(record, this.streamArn, identity) };
    } catch (error) {
      return { sequence, sdk: record, error: errorMessage(error) };
    }
  }

  /**
   * Retries exhausted: Lambda sends its on-failure destination a description of the batch (AWS
   * docs, "Retaining discarded batches for a DynamoDB event source"), not the records, and moves
   * on. If the destination cannot take it, the batch is retried instead: nothing is skipped
   * without a trace.
   */
  private async discard(shard: ShardState, batch: Entry[], failures: number, failure: BatchFailure): Promise<void> {
    const created = (entry: Entry) => entry.sdk.dynamodb?.ApproximateCreationDateTime?.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const record: OnFailureRecord = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: this.options.functionArn ?? 'local',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: failures,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: failure.threw ? 'Unhandled' : 'PartialBatchFailure' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: shard.id,
        startSequenceNumber: batch[0]!.sequence,
        endSequenceNumber: batch.at(-1)!.sequence,
        ...(created(batch[0]!) ? { approximateArrivalOfFirstRecord: created(batch[0]!)! } : {}),
        ...(created(batch.at(-1)!) ? { approximateArrivalOfLastRecord: created(batch.at(-1)!)! } : {}),
        batchSize: batch.length,
        streamArn: this.streamArn,
      },
    };
    try {
      await this.options.onFailure?.(record);
    } catch (error) {
      throw new ShardFailure(
        `retries exhausted on ${batch.length} records (${record.DDBStreamBatchInfo.startSequenceNumber}…), but the on-failure destination refused them: ${errorMessage(error)}`,
      );
    }
    this.checkpoints.set(shard.id, batch.at(-1)!.sequence);
    this.log(
      `retries exhausted after ${failures} failed attempts on ${batch.length} records (${record.DDBStreamBatchInfo.startSequenceNumber}…${record.DDBStreamBatchInfo.endSequenceNumber}): ${this.options.onFailure ? 'described in the on-failure destination' : 'dropped (no on-failure destination)'}, going on`,
    );
  }

  /** Runs the handler on a batch; undefined on success, else where to retry from, why, and whether it threw (only then is it bisected). */
  private async invoke(batch: Entry[]): Promise<BatchFailure | undefined> {
    const range = `${batch.length} records (${batch[0]!.sequence}…${batch.at(-1)!.sequence})`;
    if (batch[0]!.error !== undefined)
      return { retryFrom: batch[0]!.sequence, reason: `cannot convert record ${batch[0]!.sequence}: ${batch[0]!.error}`, threw: true };
    let response: DynamoDBBatchResponse | undefined;
    try {
      response = (await this.options.handler({ Records: batch.map((entry) => entry.record!) })) ?? undefined;
    } catch (error) {
      return { retryFrom: batch[0]!.sequence, reason: `handler threw on ${range}: ${errorMessage(error)}`, threw: true };
    }
    const failed = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
    if (failed.length === 0) return undefined;
    const inBatch = new Set(batch.map((entry) => entry.sequence));
    // As Lambda does: an identifier that is not a record of the batch fails the whole batch.
    if (!failed.every((id) => typeof id === 'string' && inBatch.has(id))) {
      return { retryFrom: batch[0]!.sequence, reason: `handler reported an unknown itemIdentifier on ${range}: retrying the whole batch`, threw: false };
    }
    const lowest = failed.reduce((low, id) => (BigInt(id) < BigInt(low) ? id : low));
    return { retryFrom: lowest, reason: `handler reported ${failed.length} failed of ${range}: retrying from ${lowest}`, threw: false };
  }

  /** Checkpoints the record just before `sequence` on the page; the first record of a page is just after the checkpoint already. */
  private checkpointBefore(shard: ShardState, page: SdkStreamRecord[], sequence: string): void {
    const index = page.findIndex((record) => record.dynamodb?.SequenceNumber === sequence);
    if (index > 0) this.checkpoints.set(shard.id, page[index - 1]!.dynamodb!.SequenceNumber!);
  }

  /** Logs the failed attempt (once) and schedules the next one, from the checkpoint, after the backoff. */
  private fail(shard: ShardState, error: unknown): void {
    shard.iterator = undefined;
    const delay = shard.backoff.fail();
    this.log(`${errorMessage(error)}; attempt ${shard.backoff.failures + 1} in ${delay} ms`);
  }

  private releaseIdleWaiters(quietCycle: number): void {
    for (let i = this.idleWaiters.length - 1; i >= 0; i--) {
      const waiter = this.idleWaiters[i]!;
      if (quietCycle > waiter.after) {
        this.idleWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  /** The poll interval, or less when a retry is due sooner. */
  private nextPollDelay(): number {
    const now = Date.now();
    const retries = [this.listing, ...[...this.shards.values()].map((shard) => shard.backoff)]
      .filter((backoff) => backoff.waiting(now))
      .map((backoff) => backoff.retryAt - now);
    return Math.min(this.pollInterval, ...retries);
  }

  /** A pause that stop() and idle() cut short. */
  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/**
 * The last handled sequence number of each shard of the stream. With a file, kept across
 * restarts (written atomically, so a crash mid-write cannot corrupt it); checkpoints of another
 * stream (the table was recreated) mean nothing here and are dropped.
 */
class Checkpoints {
  private readonly shards: Record<string, string>;

  constructor(
    private readonly file: string | undefined,
    private readonly streamArn: string,
  ) {
    this.shards = file ? loadCheckpoints(file, streamArn) : {};
  }

  get(shardId: string): string | undefined {
    return this.shards[shardId];
  }

  set(shardId: string, sequenceNumber: string): void {
    if (this.shards[shardId] === sequenceNumber) return;
    this.shards[shardId] = sequenceNumber;
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify({ streamArn: this.streamArn, shards: this.shards } satisfies CheckpointFile, null, 2));
    renameSync(`${this.file}.tmp`, this.file);
  }
}

interface CheckpointFile {
  streamArn: string;
  shards: Record<string, string>;
}

function loadCheckpoints(file: string, streamArn: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<CheckpointFile> & Record<string, unknown>;
  if (saved.streamArn === undefined) {
    // Written before checkpoints named their stream: shard id → sequence number, of the table's one stream.
    return Object.fromEntries(Object.entries(saved).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return saved.streamArn === streamArn ? { ...saved.shards } : {};
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The SDK's stream record → the JSON Lambda delivers: binaries as base64, time as epoch seconds, the region of the stack. */
function toLambdaRecord(record: SdkStreamRecord, eventSourceARN: string, serviceIdentity?: { type: string; principalId: string }): DynamoDBRecord {
  const data = record.dynamodb!;
  // Lambda's JSON spells the SDK's Identity { Type, PrincipalId } as { type, principalId }.
  const userIdentity =
    serviceIdentity ?? (record.userIdentity ? { type: record.userIdentity.Type!, principalId: record.userIdentity.PrincipalId! } : undefined);
  return {
    eventID: record.eventID!,
    eventName: record.eventName!,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: localRegion,
    eventSourceARN,
    ...(userIdentity ? { userIdentity } : {}),
    dynamodb: {
      ...(data.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(data.ApproximateCreationDateTime.getTime() / 1000) } : {}),
      ...(data.Keys ? { Keys: toLambdaAttributes(data.Keys) } : {}),
      ...(data.NewImage ? { NewImage: toLambdaAttributes(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: toLambdaAttributes(data.OldImage) } : {}),
      SequenceNumber: data.SequenceNumber!,
      SizeBytes: data.SizeBytes!,
      StreamViewType: data.StreamViewType!,
    },
  };
}

function toLambdaAttributes(attributes: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, toLambdaAttribute(value)]));
}

function toLambdaAttribute(value: SdkAttributeValue): AttributeValue {
  // DynamoDB Local writes an empty map as `{}` in its stream records (no "M" member at all, where
  // AWS writes `{"M":{}}`), so the SDK hands on a value with no member set. Only an empty map
  // comes out that way: every other type keeps its member, empty lists included.
  if (Object.values(value).every((member) => member === undefined)) return { M: {} };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttribute) };
  if (value.M !== undefined) return { M: toLambdaAttributes(value.M) };
  throw new Error(`Unsupported attribute value: ${JSON.stringify(value)}`);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
