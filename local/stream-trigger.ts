import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { TableStreamTrigger } from '../lib/definition/functions';
import { localAwsClientConfig, localRegion } from './aws';
import { tableStreamArn } from './dynamodb';
import { compilePattern } from './event-bus/pattern';

/**
 * What the Lambda event source mapping does for a DynamoDB stream, against DynamoDB Local's real
 * stream API: poll each shard (parents before children), drop records the declared filter
 * rejects, invoke the handler with batches of at most `batchSize` records in the Lambda event
 * shape, checkpoint what succeeded, and on failure retry from the first failed record
 * (ReportBatchItemFailures) or the whole batch (a thrown error), forever, with a capped backoff
 * — the stack's mapping retries until the record expires.
 *
 * DynamoDB Local makes records readable as soon as the write returns; iterators expire after
 * 15 minutes (re-acquired from the checkpoint) and shards close after some hours (the closed
 * shard's NextShardIterator is absent; its children appear in DescribeStream). Its sequence
 * numbers are shared by all tables, which has one consequence: see renewableIteratorErrors.
 */
export interface StreamTriggerOptions {
  endpoint: string;
  tableName: string;
  trigger: TableStreamTrigger;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  /** Where the last handled sequence number of each shard is kept; undefined = start at TRIM_HORIZON each time. */
  checkpointFile?: string;
  pollIntervalMs?: number;
  /** First retry delay after a failed batch; doubles up to 5 s. */
  retryDelayMs?: number;
  log?: (line: string) => void;
}

export interface StreamTrigger {
  stop(): Promise<void>;
  /** Resolves once every record written before the call has been handled successfully. */
  idle(): Promise<void>;
}

interface ShardState {
  shard: Shard;
  iterator?: string;
  closed: boolean;
}

export async function startStreamTrigger(options: StreamTriggerOptions): Promise<StreamTrigger> {
  const config = localAwsClientConfig(options.endpoint);
  const streams = new DynamoDBStreamsClient(config);
  const streamArn = await tableStreamArn(new DynamoDBClient(config), options.tableName);
  const accepts = compilePattern(options.trigger.filter);
  const checkpoints: Record<string, string> = options.checkpointFile && existsSync(options.checkpointFile) ? JSON.parse(readFileSync(options.checkpointFile, 'utf8')) : {};
  const shards = new Map<string, ShardState>();
  const pollInterval = options.pollIntervalMs ?? 100;
  const firstRetryDelay = options.retryDelayMs ?? 200;
  const log = options.log ?? ((line: string) => console.warn(line));

  let running = true;
  let retryDelay = 0;
  let cycle = 0;
  let quietCycles = 0;
  const idleWaiters: { after: number; resolve: () => void }[] = [];

  const saveCheckpoint = (shardId: string, sequenceNumber: string) => {
    checkpoints[shardId] = sequenceNumber;
    if (options.checkpointFile) writeFileSync(options.checkpointFile, JSON.stringify(checkpoints));
  };

  async function refreshShards(): Promise<void> {
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      for (const shard of StreamDescription?.Shards ?? []) {
        if (shard.ShardId && !shards.has(shard.ShardId)) shards.set(shard.ShardId, { shard, closed: false });
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  async function iteratorFor(state: ShardState): Promise<string | undefined> {
    const shardId = state.shard.ShardId!;
    const after = checkpoints[shardId];
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  /** Reads one shard once; returns how many records it saw, or throws after a failed batch. */
  async function pollShard(state: ShardState): Promise<number> {
    state.iterator ??= await iteratorFor(state);
    if (!state.iterator) return markClosed(state);
    let result;
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
    } catch (error) {
      if (renewableIteratorErrors.has((error as Error).name)) {
        delete state.iterator;
        return 0;
      }
      throw error;
    }
    const records = result.Records ?? [];
    for (let start = 0; start < records.length; start += options.trigger.batchSize) {
      await handleBatch(state, records.slice(start, start + options.trigger.batchSize));
    }
    state.iterator = result.NextShardIterator;
    if (!state.iterator) markClosed(state);
    return records.length;
  }

  function markClosed(state: ShardState): number {
    state.closed = true;
    return 0;
  }

  async function handleBatch(state: ShardState, batch: StreamRecord[]): Promise<void> {
    const shardId = state.shard.ShardId!;
    const events = batch.map((record) => toLambdaRecord(record, streamArn)).filter((record) => accepts(record));
    const last = batch.at(-1)!.dynamodb!.SequenceNumber!;
    if (events.length === 0) return saveCheckpoint(shardId, last);

    let failedFrom: string | undefined;
    try {
      const response = await options.handler({ Records: events });
      const failures = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier).filter(Boolean);
      if (failures.length) failedFrom = failures.sort(compareSequenceNumbers)[0];
    } catch (error) {
      log(`stream trigger: handler threw (${(error as Error).message}); retrying the batch`);
      failedFrom = events[0]!.dynamodb!.SequenceNumber!;
    }
    if (failedFrom === undefined) return saveCheckpoint(shardId, last);

    // Checkpoint just before the first failure, then read again from there.
    const index = batch.findIndex((record) => record.dynamodb?.SequenceNumber === failedFrom);
    if (index > 0) saveCheckpoint(shardId, batch[index - 1]!.dynamodb!.SequenceNumber!);
    delete state.iterator;
    throw new BatchFailed();
  }

  async function loop(): Promise<void> {
    while (running) {
      let seen = 0;
      let failed = false;
      try {
        if (cycle % 20 === 0 || shards.size === 0) await refreshShards();
        for (const state of orderedOpenShards()) {
          if (!running) break;
          seen += await pollShard(state);
        }
      } catch (error) {
        failed = true;
        if (!(error instanceof BatchFailed)) log(`stream trigger: ${(error as Error).message}`);
      }
      cycle++;
      quietCycles = seen === 0 && !failed ? quietCycles + 1 : 0;
      for (const waiter of [...idleWaiters]) {
        if (quietCycles >= 2 && cycle > waiter.after) {
          idleWaiters.splice(idleWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      retryDelay = failed ? Math.min(retryDelay ? retryDelay * 2 : firstRetryDelay, 5000) : 0;
      await new Promise((resolve) => setTimeout(resolve, failed ? retryDelay : pollInterval));
    }
  }

  /** Open shards whose parent is finished (or unknown): records of a key are read in order. */
  function orderedOpenShards(): ShardState[] {
    return [...shards.values()].filter((state) => {
      if (state.closed) return false;
      const parent = state.shard.ParentShardId ? shards.get(state.shard.ParentShardId) : undefined;
      return !parent || parent.closed;
    });
  }

  const running$ = loop();
  return {
    idle: () => new Promise<void>((resolve) => idleWaiters.push({ after: cycle + 1, resolve })),
    stop: async () => {
      running = false;
      await running$;
      streams.destroy();
    },
  };
}

class BatchFailed extends Error {}

/**
 * Iterators to get again from the checkpoint: expired ones (15 minutes), and — a DynamoDB Local
 * quirk — a TRIM_HORIZON iterator taken on an empty shard, which fails as "trimmed" once another
 * table's writes have advanced the sequence numbers that DynamoDB Local shares across tables.
 */
const renewableIteratorErrors = new Set(['ExpiredIteratorException', 'TrimmedDataAccessException']);

function compareSequenceNumbers(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

/** The SDK's stream record → the JSON shape Lambda delivers (binary as base64, time in epoch seconds). */
function toLambdaRecord(record: StreamRecord, eventSourceARN: string): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  return {
    eventID: record.eventID!,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? localRegion,
    eventSourceARN,
    dynamodb: {
      ...(data.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(new Date(data.ApproximateCreationDateTime).getTime() / 1000) } : {}),
      ...(data.Keys ? { Keys: toJson(data.Keys) } : {}),
      ...(data.NewImage ? { NewImage: toJson(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: toJson(data.OldImage) } : {}),
      SequenceNumber: data.SequenceNumber!,
      SizeBytes: data.SizeBytes ?? 0,
      StreamViewType: data.StreamViewType as NonNullable<DynamoDBRecord['dynamodb']>['StreamViewType'],
    },
  };
}

/** Attribute values with binaries as base64 strings, as in Lambda's JSON event. */
function toJson<T>(value: T): any {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJson(v)]));
  return value;
}
