import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { FunctionName } from '../functions/definition/functions';

/**
 * One DynamoDB request as IAM authorises it: an action on a table, or a Query on one of its
 * indexes. A transaction is several of them (one per item), a batch one per table.
 */
export interface DataRequest {
  readonly action: `dynamodb:${string}`;
  /** The table name the request was sent with. */
  readonly table: string;
  readonly index?: string;
}

/** A request one function issued, with the SDK command it was part of. */
export interface RecordedDataRequest extends DataRequest {
  readonly function: FunctionName;
  readonly command: string;
}

/** How IAM authorises each item of a TransactWriteItems/TransactGetItems (they have no action of their own). */
export const transactItemActions: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

type CommandInput = {
  TableName?: string;
  IndexName?: string;
  RequestItems?: Record<string, unknown>;
  TransactItems?: Record<string, { TableName?: string }>[];
};

/** The IAM requests an SDK command makes (`GetItemCommand`, `TransactWriteItemsCommand`, ...). */
export function dataRequestsOf(commandName: string, input: CommandInput): DataRequest[] {
  const operation = commandName.replace(/Command$/, '');
  switch (operation) {
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys(input.RequestItems ?? {}).map((table) => ({ action: `dynamodb:${operation}`, table }));
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return (input.TransactItems ?? []).flatMap((item) =>
        Object.entries(item).map(([kind, request]) => ({ action: `dynamodb:${transactItemActions[kind] ?? kind}` as const, table: String(request.TableName) })),
      );
    default:
      return [{ action: `dynamodb:${operation}`, table: String(input.TableName), ...(input.IndexName ? { index: input.IndexName } : {}) }];
  }
}

/**
 * The DynamoDB requests of the functions a local runtime runs, per function, each distinct
 * request once (memory stays bounded however long the runtime runs). Every function shares one
 * SDK client in this process, so a request is attributed to the function whose invocation it
 * happens in (AsyncLocalStorage, set by `invoke`).
 */
export class DataAccessLog {
  private readonly requests = new Map<string, RecordedDataRequest>();

  /** `onRecord` hears each distinct request once, as it is first recorded (the queue workers' process forwards them). */
  constructor(private readonly onRecord: (request: RecordedDataRequest) => void = () => undefined) {}

  /** Runs one invocation of `name`: the DynamoDB requests made within it are recorded as its own. */
  invoke<T>(name: FunctionName, run: () => T): T {
    return invocation.run({ name, log: this }, run);
  }

  /** Every distinct request recorded so far. */
  recorded(): RecordedDataRequest[] {
    return [...this.requests.values()];
  }

  record(request: RecordedDataRequest): void {
    const key = `${request.function}|${request.command}|${request.action}|${request.table}|${request.index ?? ''}`;
    if (this.requests.has(key)) return;
    this.requests.set(key, request);
    this.onRecord(request);
  }
}

const invocation = new AsyncLocalStorage<{ name: FunctionName; log: DataAccessLog }>();
const watched = new WeakSet<DynamoDBClient>();

/**
 * Adds the recording step to the functions' DynamoDB client (once per client: several runtimes
 * in one process share it). Requests made outside an invocation are not recorded.
 */
export function watchDataAccess(client: DynamoDBClient): void {
  if (watched.has(client)) return;
  watched.add(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const current = invocation.getStore();
      if (current) {
        for (const request of dataRequestsOf(context.commandName ?? '', args.input as CommandInput)) {
          current.log.record({ function: current.name, command: context.commandName ?? '', ...request });
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'localDataAccessLog' },
  );
}
