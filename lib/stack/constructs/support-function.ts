import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundleFunction, lambdaRuntimeEnvironment } from '../../bundling';
import type { ClientConfig } from '../../config/client-config';
import { functionEnvironment } from '../../definition/environment';
import { grantsOf, type SymbolicResource } from '../../../functions/definition/access';
import type { FunctionDefinition } from '../../../functions/definition/functions';
import type { WorkQueue } from '../../../functions/definition/queues';
import type { TableName } from '../../../functions/definition/table';
import type { WebhookTargetName } from '../../../functions/domain/webhooks';

/** Default memory when the declaration sets none: enough for the bundled SDK clients on arm64. */
export const defaultMemorySize = 256;
/** Default timeout when the declaration sets none: API Gateway gives up at 30 s anyway. */
export const defaultTimeoutSeconds = 10;

/** The stack resources a declared `access` can refer to. */
export interface SupportFunctionResources {
  readonly tables: Readonly<Record<TableName, dynamodb.ITableV2>>;
  readonly bus: events.IEventBus;
  readonly queues: Readonly<Record<WorkQueue, sqs.IQueue>>;
  /** One signing secret per configured webhook target. */
  readonly webhookSecrets: Readonly<Partial<Record<WebhookTargetName, secretsmanager.ISecret>>>;
  readonly streamFailures: sqs.IQueue;
  /** The erasure records' HMAC key. */
  readonly erasureKey: secretsmanager.ISecret;
}

export interface SupportFunctionProps {
  /** The function's entry in functions/definition/functions.ts. */
  readonly definition: FunctionDefinition;
  readonly config: ClientConfig;
  readonly resources: SupportFunctionResources;
  /** false: a placeholder instead of the bundle (a synth for the policies only, see SupportStackProps.bundle). */
  readonly bundle?: boolean;
}

/**
 * One declared function: Node 24 on arm64, the shared esbuild bundle with source maps, X-Ray
 * tracing, JSON logs in a log group of its own with the client's retention, and a role of its
 * own that gets exactly the declared `access`. Each access kind (functions/definition/access.ts)
 * brings its grants, as data, and its environment variables (from `functionEnvironment`, the same
 * variables the local runtime sets), both naming the same resources: they cannot drift apart.
 * The local runtime enforces the role this builds, as synthesized (local/iam/).
 *
 * Triggers (routes, table stream, queues) are wired by their own constructs.
 *
 * @example
 * const relay = new SupportFunction(stack, 'OutboxRelay', {
 *   definition: functions.outboxRelay,
 *   config,
 *   resources: { tables, bus },
 * });
 */
export class SupportFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  public readonly definition: FunctionDefinition;

  constructor(scope: Construct, id: string, props: SupportFunctionProps) {
    super(scope, id);
    const { definition, config, resources } = props;
    this.definition = definition;
    const retain = config.stage === 'prod';

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: config.retention.logsDays as logs.RetentionDays,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // No AWSLambdaBasicExecutionRole (logs:* on every log group): the function writes to its
    // own log group only.
    this.role = new InlinePolicyRole(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      description: definition.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      // bundleFunction writes the bundle as index.mjs; it exports `handler`.
      handler: 'index.handler',
      code: props.bundle === false ? placeholderCode() : lambda.Code.fromAsset(bundleFunction(definition.entry)),
      memorySize: definition.memorySize ?? defaultMemorySize,
      timeout: Duration.seconds(definition.timeoutSeconds ?? defaultTimeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      // Lambda's own lines (platform.start, platform.report: ~700 bytes of JSON per invocation)
      // are INFO: kept out, they were most of the log volume billed per request. Duration,
      // errors, throttles and concurrency stay in Lambda's metrics, init time in the X-Ray trace;
      // platform warnings and errors (timeouts, out of memory) still come through.
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      logGroup: this.logGroup,
      role: this.role,
      environment: {
        ...functionEnvironment(config, definition, {
          dataTable: resources.tables.data.tableName,
          idempotencyTable: resources.tables.idempotency.tableName,
          eventBus: resources.bus.eventBusName,
          queueUrls: Object.fromEntries(Object.entries(resources.queues).map(([name, queue]) => [name, queue.queueUrl])) as Record<WorkQueue, string>,
          webhookSecrets: Object.fromEntries(Object.entries(resources.webhookSecrets).map(([target, secret]) => [target, { arn: secret.secretArn }])),
          streamFailureQueueUrl: resources.streamFailures.queueUrl,
          erasureKey: { arn: resources.erasureKey.secretArn },
        }),
        ...lambdaRuntimeEnvironment,
      },
    });

    // Each declared access kind's grants (functions/definition/access.ts), symbolic resources
    // turned into this stack's ARNs. Consuming its queue (ChangeMessageVisibility included) is
    // granted by the queue trigger.
    for (const grant of grantsOf(definition.access)) {
      const arns = grant.resources.flatMap((resource) => resourceArns(resource, resources));
      if (arns.length === 0) continue; // Only secrets of targets the client did not configure.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: [...grant.actions], resources: arns, ...(grant.conditions ? { conditions: grant.conditions } : {}) }),
      );
    }

    Validations.of(this.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason: noAsyncInvocationReason(definition) });
    const xrayOnly = 'Active tracing: X-Ray accepts only Resource "*" for PutTraceSegments and PutTelemetryRecords. No other statement uses "*".';
    Validations.of(this.role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: xrayOnly });
    // The same statement, seen by the Serverless pack now that the role's policy is inline (InlinePolicyRole).
    Validations.of(this.role).acknowledge({ id: 'Serverless-LambdaStarPermissions', reason: xrayOnly });
  }
}

/**
 * The ARN of a symbolic resource of a grant. A table's ARN names the table itself (an index is
 * `<table>/index/<name>`, granted by name: no `index/*` wildcard); a secret of a webhook target
 * the client did not configure does not exist, and has none.
 */
function resourceArns(resource: SymbolicResource, resources: SupportFunctionResources): string[] {
  if ('table' in resource) return [`${resources.tables[resource.table].tableArn}${resource.index ? `/index/${resource.index}` : ''}`];
  if ('queue' in resource) return [resources.queues[resource.queue].queueArn];
  if ('streamFailures' in resource) return [resources.streamFailures.queueArn];
  if ('bus' in resource) return [resources.bus.eventBusArn];
  if ('erasureKey' in resource) return [resources.erasureKey.secretArn];
  const secret = resources.webhookSecrets[resource.secret];
  return secret ? [secret.secretArn] : [];
}

/** Code that is never run: what a synth that only reads the roles deploys instead of a bundle. */
function placeholderCode(): lambda.Code {
  return lambda.Code.fromInline("export const handler = () => { throw new Error('placeholder: synthesized without bundling'); };");
}

/** Why the function needs no dead-letter queue: nothing invokes it asynchronously. */
function noAsyncInvocationReason(definition: FunctionDefinition): string {
  switch (definition.trigger?.kind) {
    case undefined:
      return 'Invoked only synchronously, by API Gateway: the caller gets the error. Never invoked asynchronously, so a DLQ would stay empty.';
    case 'tableStream':
      return 'Invoked only by its table stream mapping, which retries and sends expired records to its on-failure queue. Never invoked asynchronously.';
    case 'queue':
      return "Invoked only by its SQS mapping: failed messages return to the queue and go to the queue's dead-letter queue after maxReceiveCount. Never invoked asynchronously.";
    case 'schedule':
      return 'Invoked by its schedule: each run re-checks everything due, so a lost run is made up by the next one, a minute later. Errors alarm (ops dashboard).';
  }
}

/**
 * A role whose every grant lands in one inline policy of the role, not in a separate
 * `AWS::IAM::Policy` (CDK's default policy): one resource per function instead of two, which
 * keeps the stack well under CloudFormation's 500 resources. Grants made by CDK itself (active
 * tracing, the log group, event sources, stream reads) go there too, through addToPrincipalPolicy.
 */
export class InlinePolicyRole extends iam.Role {
  private readonly access: iam.PolicyDocument;

  constructor(scope: Construct, id: string, props: iam.RoleProps) {
    const access = new iam.PolicyDocument();
    super(scope, id, { ...props, inlinePolicies: { ...props.inlinePolicies, access } });
    this.access = access;
  }

  override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.access.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }
}
