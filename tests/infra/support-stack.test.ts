import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import type { ClientConfig } from '../../lib/config/client-config';
import { loadClientConfigs } from '../../lib/config/load-client-configs';
import { corsSettings } from '../../lib/definition/cors';
import { type FunctionDefinition, type FunctionName, functions } from '../../lib/definition/functions';
import { queueSettings, workQueues } from '../../lib/definition/queues';
import { routeKey, routes } from '../../lib/definition/routes';
import { escalationQueues } from '../../functions/domain/escalations';
import { archive, rules } from '../../lib/definition/rules';
import { type TableDefinition, type TableName, tables } from '../../lib/definition/table';
import { defaultMemorySize, defaultTimeoutSeconds } from '../../lib/stack/constructs/support-function';
import { pascalCase } from '../../lib/stack/naming';
import type { SupportStack } from '../../lib/stack/support-stack';
import { actionsOf, actionsOn, referencedIds, tagsOf, TemplateQueries } from './template-queries';

const configs = loadClientConfigs(join(import.meta.dirname, '../../clients'));
const declaredFunctions = Object.entries(functions) as [FunctionName, FunctionDefinition][];
const dynamodbWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:TransactWriteItems'];
const dynamodbReads = ['dynamodb:GetItem', 'dynamodb:Query'];

/**
 * Every acknowledgement id the stacks may carry. A new one is a decision: add it here, with its
 * reason next to the construct it acknowledges.
 */
const allowedAcknowledgements = [
  /^AwsSolutions-APIG4$/, // public routes (health, OpenAPI document)
  /^AwsSolutions-IAM5\[Resource::\*\]$/, // X-Ray PutTraceSegments/PutTelemetryRecords
  /^AwsSolutions-IAM5\[Resource::<DataTables\w+\.Arn>\/index\/\*\]$/, // the declared indexes of one table
  /^AwsSolutions-SQS3$/, // dead-letter queues have no dead-letter queue
  /^Serverless-SQSRedrivePolicy$/, // same
  /^Serverless-LambdaDLQ$/, // functions never invoked asynchronously, or on a schedule (nothing to replay)
  /^Serverless-EventBusDLQ$/, // schedule rules: a tick carries no data
  /^AwsSolutions-SMG4$/, // the webhook secret: receivers share it, rotation is coordinated (runbook)
  /^Serverless-LambdaEventSourceMappingDestination$/, // SQS mappings: the queue's redrive DLQ
];

/** A cloud assembly folder in os.tmpdir(), removed after the tests. */
const outdirs: string[] = [];
const tempOutdir = () => {
  outdirs.push(mkdtempSync(join(tmpdir(), 'support-infra-')));
  return outdirs.at(-1)!;
};

describe('Class: SupportStack', () => {
  let app: App;
  const stacks = new Map<string, SupportStack>();
  const queries = new Map<string, TemplateQueries>();

  beforeAll(() => {
    // Prepare: every client stack, synthesized once and shared. The synth runs the cdk-nag
    // plugins: an unacknowledged finding fails it here, with cdk-nag's report as the error.
    app = new App({ outdir: tempOutdir() });
    for (const stack of buildApp(configs, app).stacks) stacks.set(stack.node.id, stack);
    app.synth();
    for (const [id, stack] of stacks) queries.set(id, new TemplateQueries(stack, Template.fromStack(stack)));
  });

  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  it('synthesizes one Support-<clientId> stack per client file', () => {
    // Assess
    expect([...stacks.keys()].sort()).toEqual(configs.map((c) => `Support-${c.clientId}`).sort());
  });

  it('places a client in its configured account and region', () => {
    // Prepare
    const config = configs.find((c) => c.aws.account)!;
    const stack = stacks.get(`Support-${config.clientId}`)!;

    // Assess
    expect(Stack.of(stack).region).toBe(config.aws.region);
    expect(Stack.of(stack).account).toBe(config.aws.account);
  });

  it('fails synth on a cdk-nag finding nobody acknowledged (the check is live)', () => {
    // Prepare
    const {
      app: other,
      stacks: [stack],
    } = buildApp([configs[0]!], new App({ outdir: tempOutdir() }));
    new sqs.Queue(stack!, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    // Act & Assess
    expect(() => other.synth()).toThrow(/AwsSolutions-SQS/);
  });

  describe.each(configs.map((c) => [c.clientId, c] as [string, ClientConfig]))('Support-%s', (clientId, config) => {
    const stack = () => stacks.get(`Support-${clientId}`)!;
    const q = () => queries.get(`Support-${clientId}`)!;
    const prod = config.stage === 'prod';

    describe('cdk-nag and CDK annotations', () => {
      // Independent of the plugins the app registers: removing them would not silence this.
      it('has zero unacknowledged AwsSolutions or Serverless findings, warnings included', () => {
        for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
          // Act
          const report = pack.validateScope(stack());

          // Assess
          expect(report.violations.map((v) => `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
          expect(report.success).toBe(true);
        }
      });

      it('has no CDK warning or error annotation', () => {
        const annotations = Annotations.fromStack(stack());
        expect(annotations.findError('*', Match.anyValue())).toEqual([]);
        expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
      });

      it('acknowledges findings on the constructs concerned, never on the stack, each with a reason', () => {
        // Prepare
        const acknowledged = stack()
          .node.findAll()
          .flatMap((construct) =>
            construct.node.metadata
              .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
              .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ construct, id: id.replace(/^annotation::/i, ''), reason }))),
          );

        // Assess
        expect(acknowledged.length).toBeGreaterThan(0);
        for (const { construct, id, reason } of acknowledged) {
          expect(construct, id).not.toBe(stack());
          expect(allowedAcknowledgements.some((pattern) => pattern.test(id)), `unexpected acknowledgement ${id} at ${construct.node.path}`).toBe(true);
          expect(reason.length, `${id} at ${construct.node.path}`).toBeGreaterThan(40);
        }
        expect(app.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
        // A public route is the only reason for a route without authorizer.
        expect(acknowledged.filter((a) => a.id === 'AwsSolutions-APIG4')).toHaveLength(routes.filter((r) => r.auth === 'public').length);
      });
    });

    describe('functions', () => {
      it('creates exactly one function per declared function', () => {
        expect(q().ofType('AWS::Lambda::Function')).toHaveLength(declaredFunctions.length);
        expect(Object.keys(stack().functions).sort()).toEqual(declaredFunctions.map(([name]) => name).sort());
      });

      it.each(declaredFunctions)('%s: Node 24 on arm64, the shared bundle, its declared size, traced, source maps on', (name, definition) => {
        // Act
        const fn = q().resource(stack().functions[name].function);

        // Assess
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          MemorySize: definition.memorySize ?? defaultMemorySize,
          Timeout: definition.timeoutSeconds ?? defaultTimeoutSeconds,
          TracingConfig: { Mode: 'Active' },
          Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps', CLIENT_ID: clientId }) },
        });
      });

      it.each(declaredFunctions)('%s: JSON logs in a log group of its own, with the client retention', (name) => {
        // Prepare
        const fn = stack().functions[name];

        // Act
        const properties = q().resource(fn.function).Properties;
        const logGroup = q().resource(fn.logGroup);

        // Assess
        expect(properties.LoggingConfig).toEqual({ LogFormat: 'JSON', LogGroup: { Ref: q().logicalId(fn.logGroup) } });
        expect(logGroup.Properties.RetentionInDays).toBe(config.retention.logsDays);
        expect(logGroup.DeletionPolicy).toBe(prod ? 'Retain' : 'Delete');
      });

      it('gives every function a role of its own, without managed policies', () => {
        const roles = declaredFunctions.map(([name]) => q().logicalId(stack().functions[name].role));
        expect(new Set(roles).size).toBe(declaredFunctions.length);
        for (const role of roles) expect(q().resources[role]!.Properties.ManagedPolicyArns).toBeUndefined();
      });
    });

    describe('least privilege: each role allows exactly the declared access', () => {
      const ids = () => ({
        data: q().logicalId(stack().tables.data),
        idempotency: q().logicalId(stack().tables.idempotency),
        bus: q().logicalId(stack().eventBus.bus),
      });

      it.each(declaredFunctions)('%s', (name, definition) => {
        // Prepare
        const { data, idempotency, bus } = ids();
        const { access, trigger } = definition;

        // Act
        const statements = q().roleStatements(stack().functions[name].role);
        const actions = actionsOf(statements);

        // Assess: the data table as declared (read-only functions cannot write).
        expect(actionsOn(statements, data).some((a) => dynamodbWrites.includes(a)), 'writes the data table').toBe(access.data === 'readWrite');
        expect(dynamodbReads.every((a) => actionsOn(statements, data).includes(a)), 'reads the data table').toBe(access.data !== undefined);
        // The idempotency table only for idempotent functions, read-write.
        expect(actionsOn(statements, idempotency).includes('dynamodb:PutItem'), 'writes idempotency records').toBe(access.idempotency === true);
        expect(actionsOn(statements, idempotency).length > 0, 'touches the idempotency table').toBe(access.idempotency === true);
        // The stream only for its consumer.
        expect(actionsOn(statements, `${data}.StreamArn`).includes('dynamodb:GetRecords'), 'reads the table stream').toBe(trigger?.kind === 'tableStream');
        // Publishing, on the client bus only.
        expect(actionsOn(statements, bus), 'publishes').toEqual(access.bus === 'publish' ? ['events:PutEvents'] : []);
        expect(actionsOf(statements.filter((s) => !referencedIds(s.Resource).includes(bus))), 'publishes elsewhere').not.toContain('events:PutEvents');
        // SQS only to consume its queue, to report expired stream records, or to read queue status.
        expect(actions.some((a) => a.startsWith('sqs:')), 'uses SQS').toBe(trigger?.kind === 'queue' || trigger?.kind === 'tableStream' || access.queueStatus === true || (access.enqueue ?? []).length > 0);
        // Sends only to the queues it declares.
        const sendTargets = statements.filter((s) => actionsOf([s]).includes('sqs:SendMessage')).flatMap((s) => referencedIds(s.Resource));
        expect(sendTargets.sort(), 'sends to').toEqual(
          trigger?.kind === 'tableStream'
            ? sendTargets.sort() // The relay's mapping reports expired records to its on-failure queue.
            : (access.enqueue ?? []).map((queue) => q().logicalId(stack().workQueues.queues[queue])).sort(),
        );
        if (access.queueStatus && !trigger && !access.enqueue) {
          const escalationQueueIds = escalationQueues.map((queue) => q().logicalId(stack().workQueues.queues[queue]));
          const statusStatements = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
          expect(actionsOf(statusStatements), 'reads queue status only').toEqual(['sqs:GetQueueAttributes']);
          expect(statusStatements.flatMap((s) => referencedIds(s.Resource)).sort(), 'of the escalation queues only').toEqual(escalationQueueIds.sort());
        }
        // The webhook signing secret only for the webhook worker.
        const secret = q().logicalId(stack().webhookSecret);
        expect(actionsOn(statements, secret).includes('secretsmanager:GetSecretValue'), 'reads the signing secret').toBe(access.webhooks === 'deliver');
        // Nothing else, and no action wildcard.
        expect(actions.filter((a) => !/^(logs|xray|dynamodb|events|sqs|secretsmanager):/.test(a))).toEqual([]);
        expect(actions.filter((a) => a.startsWith('secretsmanager:') && !actionsOn(statements, secret).includes(a)), 'secrets other than its own').toEqual([]);
        expect(actions.filter((a) => a.includes('*'))).toEqual([]);
      });

      it('lets the public functions (health, OpenAPI) write their logs and traces, nothing else', () => {
        const publicFunctions = [...new Set(routes.filter((r) => r.auth === 'public').map((r) => r.function))];
        expect(publicFunctions.length).toBeGreaterThan(0);
        for (const name of publicFunctions) {
          const actions = actionsOf(q().roleStatements(stack().functions[name].role));
          expect(actions.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:')), name).toEqual([]);
        }
      });

      it.each(declaredFunctions)('%s: names in its environment exactly the resources it may touch', (name, definition) => {
        // Prepare
        const { data, idempotency, bus } = ids();
        const variables = q().resource(stack().functions[name].function).Properties.Environment.Variables;

        // Assess
        expect(variables.TABLE_NAME).toEqual(definition.access.data ? { Ref: data } : undefined);
        expect(variables.IDEMPOTENCY_TABLE_NAME).toEqual(definition.access.idempotency ? { Ref: idempotency } : undefined);
        expect(variables.EVENT_BUS_NAME).toEqual(definition.access.bus ? { Ref: bus } : undefined);
        expect(variables.QUEUE_URLS !== undefined, 'QUEUE_URLS').toBe(definition.access.queueStatus === true || definition.access.enqueue !== undefined);
        expect(variables.WEBHOOK_SECRET_ARN).toEqual(definition.access.webhooks ? { Ref: q().logicalId(stack().webhookSecret) } : undefined);
        expect(variables.SLA_RULES !== undefined, 'SLA_RULES').toBe(definition.access.sla === true);
      });
    });

    describe('HTTP API', () => {
      it('has every declared route, integrated with its function, JWT-authorized unless public', () => {
        // Prepare
        const integrationsById = Object.fromEntries(q().ofType('AWS::ApiGatewayV2::Integration'));
        const authorizers = q().ofType('AWS::ApiGatewayV2::Authorizer');
        expect(authorizers).toHaveLength(1);
        const [authorizerId] = authorizers[0]!;

        // Act
        const synthesized = Object.fromEntries(q().ofType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties]));

        // Assess
        expect(Object.keys(synthesized).sort()).toEqual(routes.map(routeKey).sort());
        for (const route of routes) {
          const properties = synthesized[routeKey(route)]!;
          const integration = integrationsById[referencedIds(properties.Target)[0]!]!;
          expect(integration.Properties, routeKey(route)).toMatchObject({
            IntegrationType: 'AWS_PROXY',
            PayloadFormatVersion: '2.0',
            IntegrationUri: { 'Fn::GetAtt': [q().logicalId(stack().functions[route.function].function), 'Arn'] },
          });
          if (route.auth === 'public') {
            expect(properties.AuthorizationType, routeKey(route)).toBe('NONE');
            expect(properties.AuthorizerId).toBeUndefined();
          } else {
            expect(properties.AuthorizationType, routeKey(route)).toBe('JWT');
            expect(properties.AuthorizerId, routeKey(route)).toEqual({ Ref: authorizerId });
          }
        }
      });

      it(config.auth.jwt ? 'trusts the configured issuer and audience' : 'creates a user pool and trusts it and its app client', () => {
        const template = q().template;
        if (config.auth.jwt) {
          template.resourceCountIs('AWS::Cognito::UserPool', 0);
          template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
            AuthorizerType: 'JWT',
            IdentitySource: ['$request.header.Authorization'],
            JwtConfiguration: { Issuer: config.auth.jwt.issuer, Audience: config.auth.jwt.audience },
          });
        } else {
          const pool = q().logicalId(stack().httpApi.userPool!);
          const client = q().logicalId(stack().httpApi.userPoolClient!);
          template.resourceCountIs('AWS::Cognito::UserPool', 1);
          const [, authorizer] = q().ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
          expect(authorizer.Properties.AuthorizerType).toBe('JWT');
          // https://cognito-idp.<region>.amazonaws.com/<pool id>, the region resolved when the config sets it.
          expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toMatch(/^\{"Fn::Join":\["",\["https:\/\/cognito-idp\./);
          expect(referencedIds(authorizer.Properties.JwtConfiguration.Issuer)).toContain(pool);
          expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: client }]);
          template.hasResource('AWS::Cognito::UserPool', {
            Properties: Match.objectLike({
              MfaConfiguration: 'ON',
              UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
              AdminCreateUserConfig: { AllowAdminCreateUserOnly: !(config.auth.cognito?.selfSignUp ?? false) },
              ...(prod ? { DeletionProtection: 'ACTIVE' } : {}),
            }),
            DeletionPolicy: prod ? 'Retain' : 'Delete',
          });
          // Roles are the pool's groups.
          expect(q().ofType('AWS::Cognito::UserPoolGroup').length).toBeGreaterThan(0);
        }
      });

      it('allows the configured origins, the headers the API reads and the methods of the routes', () => {
        q().template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
          ProtocolType: 'HTTP',
          CorsConfiguration: Match.objectLike({
            AllowOrigins: config.cors.allowedOrigins,
            AllowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
            AllowMethods: [...new Set(routes.map((r) => r.method))].sort(),
            ExposeHeaders: corsSettings(config).exposeHeaders,
          }),
        });
      });

      it('throttles the default stage as configured and logs each request to a log group with the client retention', () => {
        // Prepare
        const accessLogs = q().logicalId(stack().httpApi.accessLogs);

        // Assess
        q().template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
          StageName: '$default',
          AutoDeploy: true,
          DefaultRouteSettings: { ThrottlingRateLimit: config.throttling.rateLimit, ThrottlingBurstLimit: config.throttling.burstLimit },
          AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [accessLogs, 'Arn'] }, Format: Match.stringLikeRegexp('\\$context\\.requestId') },
        });
        expect(q().resources[accessLogs]!.Properties.RetentionInDays).toBe(config.retention.logsDays);
      });
    });

    describe('tables', () => {
      it.each(Object.entries(tables) as [TableName, TableDefinition][])('%s: on-demand, PITR, encrypted, TTL, declared keys, indexes and stream', (name, definition) => {
        // Act
        const table = q().resource(stack().tables[name]).Properties;

        // Assess
        expect(table).toMatchObject({
          BillingMode: 'PAY_PER_REQUEST',
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
          TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
          KeySchema: [{ AttributeName: definition.partitionKey, KeyType: 'HASH' }, ...(definition.sortKey ? [{ AttributeName: definition.sortKey, KeyType: 'RANGE' }] : [])],
        });
        expect(table.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
        expect(table.StreamSpecification).toEqual(definition.stream ? { StreamViewType: definition.stream } : undefined);
        expect(table.GlobalSecondaryIndexes ?? []).toEqual(
          definition.globalIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        );
      });

      it(prod ? 'retains the tables and protects them from deletion (prod)' : 'lets the tables be deleted with the stack (dev)', () => {
        const synthesized = q().ofType('AWS::DynamoDB::GlobalTable');
        expect(synthesized).toHaveLength(Object.keys(tables).length);
        for (const [, table] of synthesized) {
          expect(table.DeletionPolicy).toBe(prod ? 'Retain' : 'Delete');
          expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(prod);
        }
      });
    });

    describe('event bus', () => {
      it('has the client bus and an archive of every support event with the retention of its stage', () => {
        q().template.hasResourceProperties('AWS::Events::EventBus', { Name: `support-${clientId}` });
        q().template.hasResourceProperties('AWS::Events::Archive', {
          SourceArn: { 'Fn::GetAtt': [q().logicalId(stack().eventBus.bus), 'Arn'] },
          EventPattern: archive.pattern,
          RetentionDays: archive.retentionDays[config.stage],
        });
      });

      it('has one rule per declared rule, on the client bus, with the declared pattern verbatim and a DLQ on every target', () => {
        // Act
        const synthesized = q()
          .ofType('AWS::Events::Rule')
          .map(([, r]) => r.Properties)
          .filter((r) => r.EventPattern);

        // Assess
        expect(synthesized.map((r) => r.EventPattern)).toEqual(Object.values(rules).map((r) => r.pattern));
        expect(synthesized.map((r) => r.Targets.length)).toEqual(Object.values(rules).map((r) => r.targets.length));
        const targetDeadLetters = q().logicalId(stack().eventBus.targetDeadLetters);
        for (const rule of synthesized) {
          expect(rule.EventBusName).toEqual({ Ref: q().logicalId(stack().eventBus.bus) });
          for (const target of rule.Targets) expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [targetDeadLetters, 'Arn'] } });
        }
      });

      it('delivers to the event log through its resource policy (no custom resource), with the client retention', () => {
        // Prepare
        const eventLog = q().logicalId(stack().eventBus.eventLog);

        // Assess
        expect(q().resources[eventLog]!.Properties.RetentionInDays).toBe(config.retention.logsDays);
        const policies = q().ofType('AWS::Logs::ResourcePolicy').map(([, p]) => JSON.stringify(p.Properties.PolicyDocument));
        expect(policies.some((p) => p.includes('events.amazonaws.com') && p.includes('logs:PutLogEvents') && p.includes(eventLog))).toBe(true);
        expect(q().ofType('AWS::Lambda::Function')).toHaveLength(declaredFunctions.length);
        expect(q().ofType('Custom::CloudwatchLogResourcePolicy')).toEqual([]);
      });
    });

    describe('table stream mapping', () => {
      it.each(declaredFunctions.filter(([, d]) => d.trigger?.kind === 'tableStream'))('%s: as declared, bounded retries, bisect on error, partial failures, the stream failure queue, iterator age alarm', (name, definition) => {
        // Prepare
        const trigger = definition.trigger as Extract<FunctionDefinition['trigger'], { kind: 'tableStream' }>;
        const mapping = stack().tableStreamMappings.find((m) => m.node.id === `${pascalCase(name)}Trigger`)!;
        const onFailure = q().logicalId(mapping.onFailure);

        // Act
        const properties = q().resource(mapping.mapping).Properties;

        // Assess
        expect(properties).toEqual(
          expect.objectContaining({
            FunctionName: { Ref: q().logicalId(stack().functions[name].function) },
            EventSourceArn: { 'Fn::GetAtt': [q().logicalId(stack().tables[trigger.table]), 'StreamArn'] },
            StartingPosition: 'TRIM_HORIZON',
            BatchSize: trigger.batchSize,
            MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds,
            FilterCriteria: { Filters: [{ Pattern: JSON.stringify(trigger.filter) }] },
            FunctionResponseTypes: ['ReportBatchItemFailures'],
            BisectBatchOnFunctionError: true,
            MaximumRetryAttempts: trigger.retry.maxAttempts,
            DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [onFailure, 'Arn'] } } },
          }),
        );
        // Bounded (-1 is unlimited), and as declared for the local trigger too.
        expect(trigger.retry).toEqual({ maxAttempts: expect.any(Number), bisectOnError: true });
        expect(properties.MaximumRetryAttempts).toBeGreaterThan(0);
        expect(properties.MaximumRetryAttempts).toBeLessThanOrEqual(10_000);
        // Unset: the attempts bound the retries, and the stream's own 24 hours.
        expect(properties.MaximumRecordAgeInSeconds).toBeUndefined();
        // The destination is the stack's stream failure queue, the one the relay sends refused events to.
        expect(onFailure).toBe(q().logicalId(stack().streamFailures));
        const fn = q().logicalId(stack().functions[name].function);
        if (definition.access.streamFailures) {
          expect(q().resource(stack().functions[name].function).Properties.Environment.Variables.STREAM_FAILURE_QUEUE_URL).toEqual({ Ref: onFailure });
          const policies = q().ofType('AWS::IAM::Policy').map(([, p]) => p.Properties).filter((p) => JSON.stringify(p.Roles).includes(q().logicalId(stack().functions[name].role)));
          expect(JSON.stringify(policies)).toMatch(new RegExp(`"sqs:SendMessage".*"Fn::GetAtt":\\["${onFailure}","Arn"\\]`));
        }
        q().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: 'IteratorAge',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
          Statistic: 'Maximum',
          Threshold: 5 * 60 * 1000,
          ComparisonOperator: 'GreaterThanThreshold',
        });
        expect(q().resources[onFailure]!.Properties).toMatchObject({ SqsManagedSseEnabled: true });
        q().template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: onFailure }],
          PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
        });
        q().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [onFailure, 'QueueName'] } }],
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
        });
      });
    });

    describe('work queues, schedules and ops', () => {
      it('gives each work queue its configured redrive, an encrypted DLQ and a worker with partial batch failures and bounded concurrency', () => {
        const template = q().template;
        for (const queue of workQueues) {
          const settings = queueSettings(config)[queue];
          expect(q().resource(stack().workQueues.queues[queue]).Properties).toMatchObject({
            VisibilityTimeout: settings.visibilityTimeoutSeconds,
            SqsManagedSseEnabled: true,
            RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [q().logicalId(stack().workQueues.deadLetters[queue]), 'Arn'] }, maxReceiveCount: settings.maxReceiveCount },
          });
          template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
            EventSourceArn: { 'Fn::GetAtt': [q().logicalId(stack().workQueues.queues[queue]), 'Arn'] },
            BatchSize: settings.batchSize,
            ScalingConfig: { MaximumConcurrency: settings.maxConcurrency },
            FunctionResponseTypes: ['ReportBatchItemFailures'],
          });
        }
        expect(queueSettings(config).webhooks.maxReceiveCount).toBe(config.webhooks.delivery.maxAttempts);
        // Every queue is a target of the declared rules; the template has one rule per queue target.
        const queueTargets = Object.values(rules).flatMap((r) => r.targets.filter((t) => t.kind === 'queue'));
        const sqsTargets = q()
          .ofType('AWS::Events::Rule')
          .flatMap(([, r]) => r.Properties.Targets.filter((t: { Arn: unknown }) => JSON.stringify(t.Arn).includes('WorkQueues')));
        expect(sqsTargets).toHaveLength(queueTargets.length);
        expect(new Set(queueTargets.map((t) => (t as { queue: string }).queue))).toEqual(new Set(workQueues));
      });

      it.each(declaredFunctions.filter(([, d]) => d.trigger?.kind === 'schedule'))('runs %s every minute, without retries (the next run catches up)', (name) => {
        const fn = q().logicalId(stack().functions[name].function);
        q().template.hasResourceProperties('AWS::Events::Rule', {
          ScheduleExpression: 'rate(1 minute)',
          State: 'ENABLED',
          Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } })],
        });
      });

      it('generates a webhook signing secret, readable by the webhook worker only', () => {
        const secret = q().logicalId(stack().webhookSecret);
        expect(q().resources[secret]!.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
        const readers = declaredFunctions.filter(([name]) => actionsOn(q().roleStatements(stack().functions[name].role), secret).length > 0).map(([name]) => name);
        expect(readers).toEqual(declaredFunctions.filter(([, d]) => d.access.webhooks === 'deliver').map(([name]) => name));
      });

      it('has an ops dashboard with SLA breaches, and alarms on every dead-letter queue, queue age, worker and monitor errors', () => {
        const dashboard = q().ofType('AWS::CloudWatch::Dashboard')[0]![1].Properties;
        expect(dashboard.DashboardName).toBe(`support-${clientId}`);
        const body = JSON.stringify(dashboard.DashboardBody);
        for (const title of ['API errors', 'API latency', 'Queues: depth', 'Queues: oldest message', 'Dead letters', 'Workers: errors and throttles', 'SLA breaches']) expect(body).toContain(title);
        expect(body).toContain('SlaBreaches');
        const alarms = q().ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
        const metricNames = alarms.map((a) => a.MetricName);
        // One DLQ per work queue, the rule-target DLQ and the relay's on-failure queue.
        expect(metricNames.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(workQueues.length + 2);
        const ageThresholds = alarms.filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage').map((a) => a.Threshold);
        expect(ageThresholds.sort()).toEqual(workQueues.map((queue) => queueSettings(config)[queue].maxWaitMinutes * 60).sort());
        // Each queue worker, and each scheduled function.
        const scheduled = declaredFunctions.filter(([, d]) => d.trigger?.kind === 'schedule');
        expect(metricNames.filter((m) => m === 'Errors')).toHaveLength(workQueues.length + scheduled.length);
        expect(metricNames.filter((m) => m === 'IteratorAge')).toHaveLength(1);
      });
    });

    describe('tags and outputs', () => {
      it('tags every taggable resource with the client id, the stage and the config tags', () => {
        // Prepare
        const expected = { client: clientId, stage: config.stage, ...config.tags };
        const mustBeTagged = ['AWS::Lambda::Function', 'AWS::DynamoDB::GlobalTable', 'AWS::Events::EventBus', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::ApiGatewayV2::Api', 'AWS::IAM::Role'];

        // Act
        const tagged = Object.entries(q().resources).filter(([, r]) => tagsOf(r.Properties ?? {}) !== undefined);

        // Assess
        for (const type of mustBeTagged) expect(tagged.some(([, r]) => r.Type === type), type).toBe(true);
        for (const [id, resource] of tagged) expect(tagsOf(resource.Properties), `${resource.Type} ${id}`).toMatchObject(expected);
      });

      it('outputs the API URL, the bus name and the data table name', () => {
        const outputs = q().template.toJSON().Outputs;
        expect(outputs.ApiUrl.Value).toEqual({ 'Fn::GetAtt': [q().logicalId(stack().httpApi.api), 'ApiEndpoint'] });
        expect(outputs.EventBusName.Value).toEqual({ Ref: q().logicalId(stack().eventBus.bus) });
        expect(outputs.DataTableName.Value).toEqual({ Ref: q().logicalId(stack().tables.data) });
      });
    });
  });
});
