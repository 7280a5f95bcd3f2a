import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, EventBridgeServiceException } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import type { FunctionName } from '../../functions/definition/functions';
import type { WorkQueue } from '../../functions/definition/queues';
import { type TableName, tables } from '../../functions/definition/table';
import { localRegion } from '../aws';
import { transactItemActions } from '../data-access';
import { type AuthorizationRequest, authorize, localAccount, type ResolvedStatement, resolveStatement } from './policy';
import type { StackPolicies } from './stack-policies';

/**
 * The local runtime enforces IAM. Every AWS SDK call a handler makes while the runtime invokes it
 * (any client: the functions' own, Powertools' idempotency client, one a new adapter creates) is
 * turned into the requests IAM would authorise (action, resource ARN, condition keys) and checked
 * against that function's role as the stack synthesizes it (local/iam/stack-policies.ts). A refused
 * call throws what AWS throws: `AccessDeniedException` (SQS: `AccessDenied`), with AWS's message,
 * before anything reaches DynamoDB Local, the SQS emulator or the local bus.
 *
 * How: all SDK v3 clients share smithy's `Client` class; its `send` is wrapped once per process to
 * add a checking step to each client's middleware stack (at `initialize`, where the command name
 * and input are known, as local/data-access.ts records them). The step checks only inside an
 * invocation (AsyncLocalStorage): the runtime's own calls (queue polling, stream reading, the bus
 * delivering to queues) are the AWS services' business, not a function's.
 */

/** What the local runtime named each declared resource: the ARNs and names the statements resolve to. */
export interface LocalResourceNames {
  readonly tables: Readonly<Record<TableName, string>>;
  readonly queues: Readonly<Record<WorkQueue, { readonly url: string; readonly arn: string; readonly deadLetterUrl: string }>>;
  readonly streamFailures: { readonly url: string; readonly arn: string };
  readonly eventBus: string;
  /** Secrets Manager has no local stand-in: the secrets get a name of this prefix, which no local call uses. */
  readonly secretPrefix: string;
}

/**
 * Several runtimes can run in one process (a test file starting a second one): the handler modules
 * keep the settings (table names, queue URLs) of the first, while each runtime drives them with
 * its own. So a logical id resolves to that resource in every runtime of the process: a function
 * may use the data table of any of them, never a resource its role does not name.
 */
const everyRuntime: LocalResourceNames[] = [];

export class LocalIam {
  private readonly statements = new Map<string, readonly ResolvedStatement[]>();
  private readonly refusals: AccessRefusal[] = [];

  constructor(
    private readonly policies: StackPolicies,
    names: LocalResourceNames,
    private readonly functionNameOf: (name: FunctionName) => string,
    private readonly prefix: string,
    private readonly onRefusal: (refusal: AccessRefusal) => void = () => undefined,
  ) {
    everyRuntime.push(names);
    installEnforcement();
  }

  /** Runs one invocation of `name`: every SDK call made within it is checked against its role. */
  invoke<T>(name: FunctionName, run: () => T): T {
    return invocation.run({ name, iam: this }, run);
  }

  /** Every call refused so far, in order (the runtime also logs each). */
  refused(): readonly AccessRefusal[] {
    return [...this.refusals];
  }

  /** Throws AWS's error for the first request of the call the role does not allow. */
  check(name: FunctionName, call: SdkCall): void {
    const role = this.policies.roles[name];
    for (const request of requestsOf(call)) {
      const decision = role ? authorize(this.statementsOf(name), request) : { allowed: false as const, explicit: false };
      if (decision.allowed) continue;
      const principal = `arn:aws:sts::${localAccount}:assumed-role/${this.prefix}-${role?.logicalId ?? name}/${this.functionNameOf(name)}`;
      const because = decision.explicit
        ? 'with an explicit deny in an identity-based policy'
        : `because no identity-based policy allows the ${request.action} action`;
      const message = `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} ${because}`;
      const error = accessDenied(call.service, message);
      const refusal = { function: name, command: call.command, action: request.action, resource: request.resource, error: error.name, message };
      this.refusals.push(refusal);
      this.onRefusal(refusal);
      throw error;
    }
  }

  private statementsOf(name: FunctionName): readonly ResolvedStatement[] {
    let resolved = this.statements.get(name);
    if (!resolved) {
      resolved = this.policies.roles[name]!.statements.map((statement) =>
        resolveStatement(statement, (logicalId, attribute) => localValues(this.policies, logicalId, attribute)),
      );
      this.statements.set(name, resolved);
    }
    return resolved;
  }
}

export interface AccessRefusal {
  readonly function: FunctionName;
  readonly command: string;
  readonly action: string;
  readonly resource: string;
  /** The error's name, as the SDK would throw it: `AccessDeniedException` (SQS: `AccessDenied`). */
  readonly error: string;
  readonly message: string;
}

/** What a `Ref` or `Fn::GetAtt` of a stack resource is locally, in every runtime of the process. */
function localValues(policies: StackPolicies, logicalId: string, attribute: string | undefined): string[] {
  const declared = policies.resources[logicalId];
  if (!declared) return [];
  return everyRuntime.flatMap((names): string[] => {
    switch (declared.kind) {
      case 'table': {
        const arn = tableArn(names.tables[declared.table]);
        return attribute === undefined ? [names.tables[declared.table]] : attribute === 'Arn' ? [arn] : attribute === 'StreamArn' ? [`${arn}/stream/*`] : [];
      }
      case 'queue':
        return [attribute === 'Arn' ? names.queues[declared.queue].arn : attribute === undefined ? names.queues[declared.queue].url : ''].filter(Boolean);
      case 'deadLetterQueue':
        return [
          attribute === 'Arn'
            ? queueArnOf(names.queues[declared.queue].deadLetterUrl)
            : attribute === undefined
              ? names.queues[declared.queue].deadLetterUrl
              : '',
        ].filter(Boolean);
      case 'streamFailures':
        return [attribute === 'Arn' ? names.streamFailures.arn : attribute === undefined ? names.streamFailures.url : ''].filter(Boolean);
      case 'bus':
        return [attribute === 'Arn' ? busArn(names.eventBus) : attribute === undefined ? names.eventBus : ''].filter(Boolean);
      case 'secret':
        // A secret's Ref is its ARN.
        return [`arn:aws:secretsmanager:${localRegion}:${localAccount}:secret:${names.secretPrefix}-${declared.target}`];
      case 'erasureKey':
        return [`arn:aws:secretsmanager:${localRegion}:${localAccount}:secret:${names.secretPrefix}-erasure-key`];
      case 'logGroup':
        return attribute === 'Arn' ? [`arn:aws:logs:${localRegion}:${localAccount}:log-group:/aws/lambda/local-${declared.function}:*`] : [];
      default:
        return [];
    }
  });
}

const tableArn = (name: string) => `arn:aws:dynamodb:${localRegion}:${localAccount}:table/${name}`;
const busArn = (nameOrArn: string) => (nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:events:${localRegion}:${localAccount}:event-bus/${nameOrArn}`);
/** The emulator's queue URLs end in `/<account>/<name>`, as SQS's do. */
const queueArnOf = (url: string) => {
  const [name, account] = new URL(url).pathname.split('/').filter(Boolean).reverse();
  return `arn:aws:sqs:${localRegion}:${account ?? localAccount}:${name}`;
};

// --- SDK calls → IAM requests ------------------------------------------------------------

export interface SdkCall {
  /** The client's service id: `DynamoDB`, `SQS`, `EventBridge`, `Secrets Manager`. */
  readonly service: string;
  /** `GetItemCommand`, `SendMessageBatchCommand`, ... */
  readonly command: string;
  readonly input: Record<string, any>;
}

/** The requests IAM authorises for one SDK call: a transaction item by item, a PutEvents entry by entry. */
export function requestsOf(call: SdkCall): AuthorizationRequest[] {
  const operation = call.command.replace(/Command$/, '');
  switch (call.service) {
    case 'DynamoDB':
      return dynamodbRequests(operation, call.input);
    case 'SQS': {
      // A batch is authorised as the single action (SendMessageBatch needs sqs:SendMessage).
      const action = `sqs:${operation.replace(/Batch$/, '')}`;
      const resource = call.input.QueueUrl
        ? queueArnOf(String(call.input.QueueUrl))
        : call.input.QueueName
          ? `arn:aws:sqs:${localRegion}:${localAccount}:${call.input.QueueName}`
          : '*';
      return [{ action, resource, context: {} }];
    }
    case 'EventBridge':
      if (operation === 'PutEvents') {
        const buses = [...new Set(((call.input.Entries ?? []) as { EventBusName?: string }[]).map((entry) => busArn(entry.EventBusName ?? 'default')))];
        return buses.map((resource) => ({ action: 'events:PutEvents', resource, context: {} }));
      }
      return [{ action: `events:${operation}`, resource: call.input.EventBusName ? busArn(String(call.input.EventBusName)) : '*', context: {} }];
    case 'Secrets Manager': {
      const id = String(call.input.SecretId ?? '*');
      return [
        {
          action: `secretsmanager:${operation}`,
          resource: id.startsWith('arn:') || id === '*' ? id : `arn:aws:secretsmanager:${localRegion}:${localAccount}:secret:${id}`,
          context: {},
        },
      ];
    }
    default:
      // A service the local runtime does not know: asked for on every resource, which no statement of ours allows.
      return [{ action: `${call.service.toLowerCase().replace(/\s+/g, '')}:${operation}`, resource: '*', context: {} }];
  }
}

function dynamodbRequests(operation: string, input: Record<string, any>): AuthorizationRequest[] {
  const request = (action: string, table: string, leadingKeys: readonly string[] | 'unknown' | undefined, index?: string): AuthorizationRequest => ({
    action: `dynamodb:${action}`,
    resource: `${tableArn(table)}${index ? `/index/${index}` : ''}`,
    context: leadingKeys === undefined ? {} : { 'dynamodb:LeadingKeys': leadingKeys },
  });
  switch (operation) {
    case 'BatchGetItem':
      return Object.entries((input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).map(([table, { Keys = [] }]) =>
        request(
          operation,
          table,
          Keys.map((key) => partitionValue(table, key)),
        ),
      );
    case 'BatchWriteItem':
      return Object.entries((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]>).map(
        ([table, writes]) =>
          request(
            operation,
            table,
            writes.map((write) => partitionValue(table, write.PutRequest?.Item ?? write.DeleteRequest?.Key)),
          ),
      );
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as Record<string, { TableName: string; Key?: unknown; Item?: unknown }>[]).flatMap((item) =>
        Object.entries(item).map(([kind, entry]) =>
          request(transactItemActions[kind] ?? kind, entry.TableName, [partitionValue(entry.TableName, entry.Key ?? entry.Item)]),
        ),
      );
    case 'Query':
      return [request(operation, input.TableName, queriedPartition(input), input.IndexName)];
    case 'Scan':
      return [request(operation, input.TableName, undefined, input.IndexName)];
    default:
      return [request(operation, input.TableName, input.Key || input.Item ? [partitionValue(input.TableName, input.Key ?? input.Item)] : undefined)];
  }
}

/** The partition key attribute of a local table: the declared table its name ends with (`<prefix>-data`). */
function partitionKeyOf(tableName: string): string | undefined {
  const declared = (Object.keys(tables) as TableName[]).find((table) => tableName.endsWith(`-${table}`));
  return declared && tables[declared].partitionKey;
}

/** dynamodb:LeadingKeys of one item: its partition key's value (marshalled `{ S }` or, through the document client, plain). */
function partitionValue(tableName: string, key: unknown): string {
  const attribute = partitionKeyOf(tableName);
  const value = attribute ? (key as Record<string, unknown> | undefined)?.[attribute] : undefined;
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'S' in value) return String((value as { S: unknown }).S);
  return '?';
}

/** The partition a Query reads, from `<key> = :value` in its key condition; unknown when it cannot be read. */
function queriedPartition(input: Record<string, any>): readonly string[] | 'unknown' {
  const keyName = input.IndexName
    ? Object.values(tables)
        .flatMap((table) => table.globalIndexes as readonly { indexName: string; partitionKey: string }[])
        .find((index) => index.indexName === input.IndexName)?.partitionKey
    : partitionKeyOf(String(input.TableName));
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  for (const match of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((names[match[1]!] ?? match[1]) !== keyName) continue;
    const value = input.ExpressionAttributeValues?.[match[2]!];
    if (typeof value === 'string') return [value];
    if (value && typeof value === 'object' && 'S' in value) return [String(value.S)];
  }
  return 'unknown';
}

// --- errors --------------------------------------------------------------------------------

/** What the SDK throws for AWS's refusal: the service's exception class, named as each service names it. */
function accessDenied(service: string, message: string): Error {
  const fields = { $fault: 'client' as const, $metadata: { httpStatusCode: 400, requestId: `local-iam-${Date.now()}` }, message };
  switch (service) {
    case 'SQS':
      return new SQSServiceException({ ...fields, name: 'AccessDenied' });
    case 'EventBridge':
      return new EventBridgeServiceException({ ...fields, name: 'AccessDeniedException' });
    case 'Secrets Manager':
      return new SecretsManagerServiceException({ ...fields, name: 'AccessDeniedException' });
    default:
      return new DynamoDBServiceException({ ...fields, name: 'AccessDeniedException' });
  }
}

// --- the hook --------------------------------------------------------------------------------

const invocation = new AsyncLocalStorage<{ name: FunctionName; iam: LocalIam }>();
const checkedStacks = new WeakSet<object>();
let installed = false;

type SmithyClient = {
  config?: { serviceId?: string };
  middlewareStack: { add: (middleware: unknown, options: unknown) => void };
  send: (...args: unknown[]) => unknown;
};

function installEnforcement(): void {
  if (installed) return;
  const prototypes = [DynamoDBClient, SQSClient, EventBridgeClient, SecretsManagerClient].map(
    (client) => Object.getPrototypeOf(client.prototype) as SmithyClient,
  );
  // One smithy Client class for every SDK client: otherwise a client of another copy would escape the check.
  if (prototypes.some((prototype) => prototype !== prototypes[0]))
    throw new Error('The AWS SDK clients do not share one smithy Client class: the local IAM check would miss some (dedupe @smithy/core)');
  const prototype = prototypes[0]!;
  const send = prototype.send;
  prototype.send = function (this: SmithyClient, ...args: unknown[]) {
    if (invocation.getStore()) addCheck(this);
    return send.apply(this, args);
  };
  installed = true;
}

/** Once per middleware stack (the document client shares its DynamoDB client's). */
function addCheck(client: SmithyClient): void {
  if (checkedStacks.has(client.middlewareStack)) return;
  checkedStacks.add(client.middlewareStack);
  const service = client.config?.serviceId ?? 'unknown';
  client.middlewareStack.add(
    (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      const current = invocation.getStore();
      if (current) current.iam.check(current.name, { service, command: context.commandName ?? '', input: (args.input ?? {}) as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'localIamCheck', priority: 'high' },
  );
}
