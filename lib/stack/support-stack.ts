import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ClientConfig } from '../config/client-config';
import { type FunctionDefinition, type FunctionName, functions } from '../../functions/definition/functions';
import { queueSettings, type WorkQueue, workQueues } from '../../functions/definition/queues';
import { routes } from '../../functions/definition/routes';
import { archive, rules } from '../../functions/definition/rules';
import type { TableName } from '../../functions/definition/table';
import { type WebhookTargetName, webhookTargets } from '../../functions/domain/webhooks';
import { DataTables } from './constructs/data-tables';
import { deadLetterQueue, depthAlarm } from './constructs/dead-letter-queue';
import { SupportEventBus } from './constructs/event-bus';
import { FrontEndsContent, FrontEndsHosting, signInPages } from './constructs/front-ends';
import { cognitoDomainPrefix, SupportHttpApi } from './constructs/http-api';
import { OpsAlerts } from './constructs/ops-alerts';
import { OpsDashboard } from './constructs/ops-dashboard';
import { SupportFunction } from './constructs/support-function';
import { TableStreamMapping } from './constructs/table-stream-mapping';
import { WorkQueues } from './constructs/work-queues';
import { pascalCase } from './naming';
import type { OidcSignIn } from '../../web/src/auth/page-config';

export interface SupportStackProps extends StackProps {
  /** The client's validated `clients/<clientId>.json`. */
  readonly config: ClientConfig;
  /**
   * false: every function deploys a placeholder instead of its esbuild bundle. The roles and
   * policies do not depend on the code, so the local runtime synthesizes its IAM checks this way
   * (local/iam/stack-policies.ts) in a second instead of bundling ~25 functions. Default true.
   */
  readonly bundle?: boolean;
  /**
   * The functions to build, default the declaration (functions/definition/functions.ts). Only tests
   * pass another: the declaration with one grant taken away, to prove the local runtime refuses
   * what that role would refuse.
   */
  readonly functions?: Readonly<Record<FunctionName, FunctionDefinition>>;
  /** The built front ends (web/dist), deployed when the client config enables them (frontEnds). */
  readonly webDir?: string;
}

/**
 * One client brand's backend, built entirely from the declaration in functions/definition/ and the
 * client's config: the tables, the escalation queues, the event bus with its archive and rules,
 * one function per declared function (exactly its declared access, its declared trigger), the
 * HTTP API with one route per declared route, and the ops dashboard. Nothing here names a
 * route, a function or a table: adding one to the declaration adds it to every client stack.
 *
 * @example
 * new SupportStack(app, `Support-${config.clientId}`, { config });
 */
export class SupportStack extends Stack {
  public readonly tables: Readonly<Record<TableName, dynamodb.TableV2>>;
  public readonly workQueues: WorkQueues;
  /** One signing secret per configured webhook target. */
  public readonly webhookSecrets: Readonly<Partial<Record<WebhookTargetName, secretsmanager.Secret>>>;
  /** The erasure records' HMAC key: records are keyed by an HMAC of the customer id, so they prove an erasure without naming whom. */
  public readonly erasureKey: secretsmanager.Secret;
  /** What the table stream could not deliver: events the bus refused for good, batches whose retries ran out. */
  public readonly streamFailures: sqs.Queue;
  public readonly eventBus: SupportEventBus;
  public readonly functions: Readonly<Record<FunctionName, SupportFunction>>;
  public readonly tableStreamMappings: readonly TableStreamMapping[];
  public readonly httpApi: SupportHttpApi;
  public readonly dashboard: OpsDashboard;
  public readonly alerts: OpsAlerts;
  /** With frontEnds.enabled: the bucket and distribution, then the files and config.json (two nested stacks). */
  public readonly frontEnds?: { readonly hosting: FrontEndsHosting; readonly content: FrontEndsContent };

  constructor(scope: Construct, id: string, props: SupportStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retain = config.stage === 'prod';

    // First, and for the whole stack: every alarm, whoever adds it, tells the ops subscribers.
    this.alerts = new OpsAlerts(this, 'Alerts', { clientId: config.clientId, alerts: config.alerts, retain });
    this.alerts.alarmsOf(this);

    this.tables = new DataTables(this, 'DataTables', { retain }).tables;
    this.workQueues = new WorkQueues(this, 'WorkQueues', { settings: queueSettings(config), retain });
    // One signing secret per configured target: a platform holding its own secret cannot forge a
    // delivery to another (messaging posing as the backend to telephony).
    this.webhookSecrets = Object.fromEntries(
      webhookTargets
        .filter((target) => config.webhooks[target])
        .map((target) => {
          const secret = new secretsmanager.Secret(this, `WebhookSigningSecret${pascalCase(target)}`, {
            description: `Signs the ${target} webhooks of support-${config.clientId}: give it to the ${target} receiver only (docs/webhooks.md)`,
            generateSecretString: { passwordLength: 48, excludePunctuation: true },
            removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
          });
          Validations.of(secret).acknowledge({
            id: 'AwsSolutions-SMG4',
            reason: `The ${target} receiver holds a copy of this secret, so rotating it is a coordinated change, not an automatic one: docs/runbook.md describes it.`,
          });
          return [target, secret];
        }),
    );
    this.erasureKey = new secretsmanager.Secret(this, 'ErasureRecordKey', {
      description: `Keys the erasure records of support-${config.clientId} (an HMAC of the customer id): docs/privacy.md`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.erasureKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A rotated key would no longer find the erasure records kept under the old one (a second request for an erased customer must find the first): rotating is a deliberate change, docs/runbook.md.',
    });
    // Before the functions: the relay sends refused events here itself (its access says so), and
    // the stream mapping's on-failure destination is the same queue, so ops replay from one place.
    this.streamFailures = deadLetterQueue(this, 'StreamFailures', {
      retain,
      purpose: "the end of the table stream's line: events the bus refused for good and batches whose retries ran out",
    });
    depthAlarm(this, 'StreamFailuresAlarm', this.streamFailures, 'Table stream records were not published: refused by the bus for good, or retries exhausted');
    this.eventBus = new SupportEventBus(this, 'Events', {
      busName: `support-${config.clientId}`,
      rules,
      archive: { pattern: archive.pattern, retentionDays: archive.retentionDays[config.stage] },
      queues: this.workQueues.queues,
      logRetention: config.retention.logsDays as logs.RetentionDays,
      retain,
    });

    const declared = Object.entries(props.functions ?? functions) as [FunctionName, FunctionDefinition][];
    this.functions = Object.fromEntries(
      declared.map(([name, definition]) => [
        name,
        new SupportFunction(this, pascalCase(name), {
          definition,
          config,
          bundle: props.bundle ?? true,
          resources: {
            tables: this.tables,
            bus: this.eventBus.bus,
            queues: this.workQueues.queues,
            webhookSecrets: this.webhookSecrets,
            streamFailures: this.streamFailures,
            erasureKey: this.erasureKey,
          },
        }),
      ]),
    ) as Record<FunctionName, SupportFunction>;

    // Non-HTTP triggers, as declared. (HTTP triggers are the routes, below.)
    const streamMappings: TableStreamMapping[] = [];
    const streamConsumers: Record<string, lambda.IFunction> = {};
    const workers: Partial<Record<WorkQueue, lambda.IFunction>> = {};
    const scheduled: Record<string, lambda.IFunction> = {};
    for (const [name, { trigger }] of declared) {
      const fn = this.functions[name].function;
      switch (trigger?.kind) {
        case 'tableStream':
          streamMappings.push(
            new TableStreamMapping(this, `${pascalCase(name)}Trigger`, {
              name,
              fn,
              table: this.tables[trigger.table],
              trigger,
              onFailure: this.streamFailures,
            }),
          );
          streamConsumers[name] = fn;
          break;
        case 'queue':
          this.addQueueTrigger(fn, trigger.queue, config);
          workers[trigger.queue] = fn;
          break;
        case 'schedule':
          this.addSchedule(name, fn, trigger.rateMinutes);
          scheduled[name] = fn;
          break;
      }
    }
    this.tableStreamMappings = streamMappings;
    // A queue nobody drains would swallow escalations silently: fail the synth instead.
    const undrained = workQueues.filter((queue) => !workers[queue]);
    if (undrained.length > 0) throw new Error(`No function declares a queue trigger on: ${undrained.join(', ')} (functions/definition/functions.ts)`);

    // Before the API: its CORS allows the distribution's origin, its user pool returns to the pages.
    const hosting = config.frontEnds.enabled
      ? new FrontEndsHosting(this, 'FrontEnds', {
          config,
          tokenEndpointOrigin: config.frontEnds.oidc
            ? new URL(config.frontEnds.oidc.tokenEndpoint).origin
            : `https://${cognitoDomainPrefix(config)}.auth.${Aws.REGION}.amazoncognito.com`,
        })
      : undefined;
    if (hosting && props.bundle !== false && !props.webDir) {
      throw new Error(`Support-${config.clientId} deploys the front ends (frontEnds.enabled): build them first (bin/support.ts passes webDir)`);
    }

    this.httpApi = new SupportHttpApi(this, 'Http', {
      config,
      routes,
      functions: this.functions,
      ...(hosting ? { frontEnds: { origin: hosting.origin, signInPages } } : {}),
    });
    if (hosting) {
      const content = new FrontEndsContent(this, 'FrontEndsContent', {
        config,
        hosting,
        ...(props.webDir ? { webDir: props.webDir } : {}),
        pageConfig: { apiUrl: this.httpApi.api.apiEndpoint, auth: this.signIn(config) },
      });
      this.frontEnds = { hosting, content };
      new CfnOutput(this, 'FrontEndsUrl', {
        value: hosting.origin,
        description: 'The reference front ends: /desktop.html (agents), /demo.html (the widget on a demo page), /widget.js (the embed)',
      });
    }

    this.dashboard = new OpsDashboard(this, 'Ops', {
      clientId: config.clientId,
      apiId: this.httpApi.api.apiId,
      queues: this.workQueues.queues,
      deadLetters: this.workQueues.deadLetters,
      workers: workers as Record<WorkQueue, lambda.IFunction>,
      streamConsumers,
      scheduled,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.api.apiEndpoint, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.bus.eventBusName, description: 'The client event bus' });
    new CfnOutput(this, 'DataTableName', { value: this.tables.data.tableName, description: 'The data table' });
    if (this.httpApi.userPool && this.httpApi.userPoolClient) {
      new CfnOutput(this, 'UserPoolId', { value: this.httpApi.userPool.userPoolId, description: 'Cognito user pool (roles are its groups)' });
      new CfnOutput(this, 'UserPoolClientId', { value: this.httpApi.userPoolClient.userPoolClientId, description: 'App client the front ends sign in with' });
      new CfnOutput(this, 'SignInUrl', {
        value: this.httpApi.userPoolDomain!.baseUrl(),
        description: 'Hosted sign-in (authorization code with PKCE): /oauth2/authorize, /oauth2/token, /logout',
      });
    }
  }

  /** How the hosted pages sign agents in: the user pool's hosted sign-in, or the client's IdP. */
  private signIn(config: ClientConfig): OidcSignIn {
    if (config.frontEnds.oidc) return { kind: 'oidc', ...config.frontEnds.oidc };
    const base = this.httpApi.userPoolDomain!.baseUrl();
    return {
      kind: 'oidc',
      authorizationEndpoint: `${base}/oauth2/authorize`,
      tokenEndpoint: `${base}/oauth2/token`,
      endSessionEndpoint: `${base}/logout`,
      clientId: this.httpApi.userPoolClient!.userPoolClientId,
      scopes: ['openid', 'email', 'profile'],
    };
  }

  /**
   * A fixed-rate rule on the account's default bus (schedules live there). No retries: each run
   * re-checks everything due, so the next run makes up for a lost one.
   */
  private addSchedule(name: string, fn: lambda.Function, rateMinutes: number): void {
    const rule = new events.Rule(this, `${pascalCase(name)}Schedule`, {
      description: `Runs ${name} every ${rateMinutes} minute(s)`,
      schedule: events.Schedule.rate(Duration.minutes(rateMinutes)),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0, maxEventAge: Duration.minutes(rateMinutes) })],
    });
    Validations.of(rule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason: 'A scheduled tick carries no data: the next run re-checks everything due, so a dead letter would hold nothing to replay. Function errors alarm.',
    });
  }

  /** A worker drains its queue as the client config says: batch size, most concurrent invocations. */
  private addQueueTrigger(fn: lambda.Function, queue: WorkQueue, config: ClientConfig): void {
    const settings = queueSettings(config)[queue];
    fn.addEventSource(
      new SqsEventSource(this.workQueues.queues[queue], {
        batchSize: settings.batchSize,
        maxConcurrency: settings.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    // The event source adds its mapping under the function; the acknowledgement goes on that mapping.
    const mapping = fn.node.children.find((child) => child instanceof lambda.EventSourceMapping)!;
    Validations.of(mapping).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason: "SQS mappings take no on-failure destination: failed messages go to the queue's own dead-letter queue (redrive policy), which alarms.",
    });
  }
}
