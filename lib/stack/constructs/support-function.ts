import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundleFunction } from '../../bundling';
import type { FunctionDefinition } from '../../definition/functions';

export interface SupportFunctionProps {
  readonly definition: FunctionDefinition;
  readonly environment: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  readonly retainLogs: boolean;
}

/**
 * A Lambda function with the project's defaults set once: Node 24 on arm64, the shared esbuild
 * bundle, X-Ray tracing, JSON logs in a log group of its own with the client's retention, and a
 * role of its own that starts empty. Access is added with the `grant*` helpers below, each of
 * which grants exactly one declared access.
 */
export class SupportFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SupportFunctionProps) {
    super(scope, id);
    const { definition } = props;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // No AWSLambdaBasicExecutionRole: the function writes to its own log group only.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      description: definition.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(bundleFunction(definition.entry)),
      memorySize: definition.memorySize ?? 256,
      timeout: Duration.seconds(definition.timeoutSeconds ?? 10),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup: this.logGroup,
      role: this.role,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: definition.trigger
        ? 'Invoked only by its table stream mapping, whose on-failure destination is configured; never invoked asynchronously.'
        : 'Invoked only synchronously by API Gateway (the caller gets the error); never invoked asynchronously, so a DLQ would stay empty.',
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray (active tracing) only accepts Resource "*" for PutTraceSegments and PutTelemetryRecords.',
    });
  }

  /** Read access to a table and its indexes (GetItem, BatchGetItem, Query, ConditionCheck). */
  grantTableRead(table: dynamodb.ITableV2): void {
    table.grantReadData(this.role);
    this.acknowledgeIndexWildcard(table);
  }

  grantTableReadWrite(table: dynamodb.ITableV2): void {
    table.grantReadWriteData(this.role);
    this.acknowledgeIndexWildcard(table);
  }

  grantPutEvents(bus: events.IEventBus): void {
    bus.grantPutEventsTo(this.role);
  }

  /** The table grants cover `<table>/index/*`: exactly that table's declared indexes, nothing else. */
  private acknowledgeIndexWildcard(table: dynamodb.ITableV2): void {
    const logicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
      reason: 'Queries use the declared global secondary indexes of this one table; the wildcard covers nothing else.',
    });
  }
}
