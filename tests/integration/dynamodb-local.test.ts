import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type TableDefinition, tables } from '../../functions/definition/table';
import { localAwsClientConfig } from '../../local/aws';
import { createTableInput, createTables, type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb';
import { createTestTables, dataClients } from '../helpers/local-aws';

/**
 * DynamoDB Local as the local runtime uses it: tables created from the declaration, data kept
 * in a data directory across restarts, and a Java process that never outlives Node: not after
 * stop(), not after a signal, and not after a crash (the next start kills the orphan).
 */

/** For tests that start DynamoDB Locals of their own: a JVM start takes seconds on a loaded machine. */
const javaTimeout = 90_000;

describe('Function: createTables', () => {
  const { client } = dataClients();

  const describeTable = async (name: string, on = client) => (await on.send(new DescribeTableCommand({ TableName: name }))).Table!;
  const timeToLive = async (name: string, on = client) => (await on.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription;

  /** What DescribeTable says about the parts the declaration controls. */
  const declaredShape = (table: TableDescription) => ({
    keys: table.KeySchema,
    billing: table.BillingModeSummary?.BillingMode,
    status: table.TableStatus,
    indexes: (table.GlobalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName,
      keys: index.KeySchema,
      projection: index.Projection?.ProjectionType,
      status: index.IndexStatus,
    })),
    stream: table.StreamSpecification,
  });
  const expectedShape = (table: TableDefinition) => ({
    keys: [{ AttributeName: table.partitionKey, KeyType: 'HASH' }, ...(table.sortKey ? [{ AttributeName: table.sortKey, KeyType: 'RANGE' }] : [])],
    billing: 'PAY_PER_REQUEST',
    status: 'ACTIVE',
    indexes: table.globalIndexes.map((index) => ({
      name: index.indexName,
      keys: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      projection: 'ALL',
      status: 'ACTIVE',
    })),
    stream: table.stream ? { StreamEnabled: true, StreamViewType: table.stream } : undefined,
  });

  it('creates both tables as declared: keys, indexes, on-demand billing, stream and TTL', async () => {
    // Act
    const names = await createTestTables();

    // Assess
    for (const [name, declared] of [
      [names.data, tables.data],
      [names.idempotency, tables.idempotency],
    ] as const) {
      expect(declaredShape(await describeTable(name))).toEqual(expectedShape(declared));
      expect(await timeToLive(name)).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: declared.timeToLiveAttribute });
    }
    expect((await describeTable(names.data)).LatestStreamArn).toMatch(/\/stream\//);
    expect((await describeTable(names.idempotency)).LatestStreamArn).toBeUndefined();
  });

  it('accepts tables that already exist, and keeps their items', async () => {
    // Prepare
    const names = await createTestTables();
    const documents = DynamoDBDocumentClient.from(client);
    await documents.send(new PutCommand({ TableName: names.data, Item: { pk: 'kept', sk: 'kept' } }));

    // Act
    await createTables(client, names);

    // Assess
    expect((await documents.send(new GetCommand({ TableName: names.data, Key: { pk: 'kept', sk: 'kept' } }))).Item).toEqual({ pk: 'kept', sk: 'kept' });
    expect(declaredShape(await describeTable(names.data))).toEqual(expectedShape(tables.data));
  });

  it(
    'brings a table kept from an older declaration up to date: missing indexes, stream and TTL are added',
    async () => {
      // Prepare: a DynamoDB Local of its own, since it builds new indexes in a pool of 10 job
      // threads that the TTL jobs of the shared instance's many tables can fill (the build then
      // stalls); in it, the data table as it was without indexes, stream or TTL.
      const own = await startDynamoDbLocal();
      const ownClient = new DynamoDBClient(localAwsClientConfig(own.endpoint));
      try {
        const names = { data: 'old-data', idempotency: 'old-idempotency' };
        const { TableName, BillingMode, KeySchema } = createTableInput(names.data, tables.data);
        const AttributeDefinitions = KeySchema!.map(({ AttributeName }) => ({ AttributeName, AttributeType: 'S' as const }));
        await ownClient.send(new CreateTableCommand({ TableName, BillingMode, KeySchema, AttributeDefinitions }));

        // Act
        await createTables(ownClient, names);

        // Assess
        expect(declaredShape(await describeTable(names.data, ownClient))).toEqual(expectedShape(tables.data));
        expect(await timeToLive(names.data, ownClient)).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: tables.data.timeToLiveAttribute });
      } finally {
        ownClient.destroy();
        await own.stop();
      }
    },
    javaTimeout,
  );

  it('refuses a table whose key differs from the declaration, since keys cannot change', async () => {
    // Prepare
    const names = { data: `test-wrong-${Date.now()}-data`, idempotency: `test-wrong-${Date.now()}-idempotency` };
    await client.send(new CreateTableCommand(createTableInput(names.data, tables.idempotency)));

    // Act & Assess
    await expect(createTables(client, names)).rejects.toThrow(`Table ${names.data} exists with key id:HASH, but the declaration says pk:HASH,sk:RANGE`);
  });
});

// Concurrent: each test waits mostly for JVMs to start, and no two share a port or a directory.
describe.concurrent('Function: startDynamoDbLocal', () => {
  const directories: string[] = [];
  const started: DynamoDbLocal[] = [];
  const children: ChildProcess[] = [];

  const dataDir = async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dynamodb-local-test-'));
    directories.push(directory);
    return directory;
  };
  const start = async (options: Parameters<typeof startDynamoDbLocal>[0]) => {
    const instance = await startDynamoDbLocal(options);
    started.push(instance);
    return instance;
  };
  const documents = (instance: DynamoDbLocal) => DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig(instance.endpoint)));
  const names = { data: 'restart-data', idempotency: 'restart-idempotency' };

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const instance of started) await instance.stop();
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  it(
    'keeps its data across restarts with a data directory, and its Java process is gone after stop()',
    async ({ expect }) => {
      // Prepare
      const directory = await dataDir();
      const first = await start({ dataDir: directory });
      await createTables(new DynamoDBClient(localAwsClientConfig(first.endpoint)), names);
      await documents(first).send(new PutCommand({ TableName: names.data, Item: { pk: 'customer#1', sk: 'profile', name: 'Jeanne' } }));

      // Act
      await first.stop();
      const second = await start({ dataDir: directory });
      await createTables(new DynamoDBClient(localAwsClientConfig(second.endpoint)), names);
      const { Item } = await documents(second).send(new GetCommand({ TableName: names.data, Key: { pk: 'customer#1', sk: 'profile' } }));
      await second.stop();

      // Assess
      expect(Item).toEqual({ pk: 'customer#1', sk: 'profile', name: 'Jeanne' });
      expect(isRunning(first.pid)).toBe(false);
      expect(isRunning(second.pid)).toBe(false);
      expect(existsSync(join(directory, 'dynamodb-local.pid'))).toBe(false);
    },
    javaTimeout,
  );

  it('refuses a port that is already in use instead of talking to whatever listens there', async ({ expect }) => {
    // Prepare
    const port = Number(new URL(inject('dynamodbEndpoint')).port);

    // Act & Assess
    await expect(startDynamoDbLocal({ port })).rejects.toThrow(`Port ${port} is already in use`);
  });

  it(
    'dies with a Node process killed by a signal that nothing else handles',
    async ({ expect }) => {
      // Prepare
      const owner = await startInChildProcess({});
      children.push(owner.child);

      // Act
      owner.child.kill('SIGTERM');
      const [, signal] = (await once(owner.child, 'exit')) as [number | null, string | null];

      // Assess: Node still died of the signal, as it would have without us, and took Java along.
      expect(signal).toBe('SIGTERM');
      await expect.poll(() => isRunning(owner.pid)).toBe(false);
    },
    javaTimeout,
  );

  it(
    'after a crash, kills the orphaned Java process on the next start, but never one whose owner still runs',
    async ({ expect }) => {
      // Prepare: another Node process owns a DynamoDB Local on this data directory.
      const directory = await dataDir();
      const owner = await startInChildProcess({ dataDir: directory });
      children.push(owner.child);
      await expect(startDynamoDbLocal({ dataDir: directory })).rejects.toThrow(`is in use by process ${owner.child.pid}`);

      // Act: the owner crashes without any cleanup, leaving Java behind; then a new start.
      owner.child.kill('SIGKILL');
      await once(owner.child, 'exit');
      expect(isRunning(owner.pid)).toBe(true);
      const next = await start({ dataDir: directory });

      // Assess
      expect(isRunning(owner.pid)).toBe(false);
      await createTables(new DynamoDBClient(localAwsClientConfig(next.endpoint)), names);
      await next.stop();
      expect(isRunning(next.pid)).toBe(false);
    },
    javaTimeout,
  );
});

/** Whether a DynamoDB Local Java process with this pid still runs (Linux, as CI and the dev machines). */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    return false;
  }
}

/** Starts DynamoDB Local from another Node process (with no signal listener of its own), which then idles. */
async function startInChildProcess(options: { dataDir?: string }): Promise<{ child: ChildProcess; pid: number }> {
  const module = pathToFileURL(resolve(import.meta.dirname, '../../local/dynamodb.ts')).href;
  const script = `
    const { startDynamoDbLocal } = await import(${JSON.stringify(module)});
    const instance = await startDynamoDbLocal(${JSON.stringify(options)});
    console.log(instance.pid);
    setInterval(() => undefined, 60_000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, pid: Number(line) };
}
