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
import { type DataAccess, type FunctionDefinition, idempotencyActions } from '../../../functions/definition/functions';
import { rateKeyPrefix } from '../../../functions/adapters/dynamodb/keys';
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
 * own that gets exactly the declared `access`. Each access is bound in one call that grants it
 * and that the function's environment (from `functionEnvironment`, the same variables the local
 * runtime sets) names the resource for: the two cannot drift apart.
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
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
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
        }),
        ...lambdaRuntimeEnvironment,
      },
    });

    const { access } = definition;
    if (access.data) this.bindData(resources.tables.data, access.data);
    // The idempotency table has no index: `grant` names the table's ARN only.
    if (access.idempotency) resources.tables.idempotency.grant(this.role, ...idempotencyActions.map((action) => `dynamodb:${action}`));
    if (access.rateLimit && !access.data?.actions.includes('UpdateItem')) {
      // The rate counters only: a function that writes nothing else may count its callers.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:UpdateItem'],
          resources: [resources.tables.data.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${rateKeyPrefix}*`] } },
        }),
      );
    }
    if (access.bus === 'publish') resources.bus.grantPutEventsTo(this.role);
    if (access.queueStatus?.length) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: access.queueStatus.map((queue) => resources.queues[queue].queueArn) }));
    }
    for (const queue of access.enqueue ?? []) resources.queues[queue].grantSendMessages(this.role);
    if (access.streamFailures === 'send') resources.streamFailures.grantSendMessages(this.role);
    // Consuming its queue (ChangeMessageVisibility included) is granted by the queue trigger.
    // The signing secret of each target it delivers to, and no other: messaging cannot sign for telephony.
    for (const target of access.webhooks ?? []) resources.webhookSecrets[target]?.grantRead(this.role);

    Validations.of(this.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason: noAsyncInvocationReason(definition) });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing: X-Ray accepts only Resource "*" for PutTraceSegments and PutTelemetryRecords. No other statement uses "*".',
    });
  }

  /**
   * Grants exactly the declared actions on the table itself, and Query on each declared index by
   * name: no Scan, no `index/*` wildcard, no action the function's code does not call (CDK's
   * grantReadData/grantReadWriteData would add Scan, BatchWriteItem, DeleteItem, ConditionCheckItem
   * and every index).
   */
  private bindData(table: dynamodb.ITableV2, access: DataAccess): void {
    if (access.actions.length > 0) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: access.actions.map((action) => `dynamodb:${action}`), resources: [table.tableArn] }));
    }
    if (access.indexes && access.indexes.length > 0) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: access.indexes.map((index) => `${table.tableArn}/index/${index}`) }));
    }
  }
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
