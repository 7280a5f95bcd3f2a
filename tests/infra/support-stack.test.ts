import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import { type ClientConfig, userWritableAttributes } from '../../lib/config/client-config';
import { loadClientConfigs } from '../../lib/config/load-client-configs';
import { corsSettings } from '../../lib/definition/cors';
import { type FunctionDefinition, type FunctionName, functions, idempotencyActions, idempotencyErasureActions } from '../../functions/definition/functions';
import { queueSettings, workQueues } from '../../functions/definition/queues';
import { routeKey, routes } from '../../functions/definition/routes';
import { type WebhookTargetName, webhookSecretVariables, webhookTargets } from '../../functions/domain/webhooks';
import { kpiMetrics } from '../../functions/domain/kpi-counters';
import { archive, rules } from '../../functions/definition/rules';
import { type TableDefinition, type TableName, tables } from '../../functions/definition/table';
import { defaultMemorySize, defaultTimeoutSeconds } from '../../lib/stack/constructs/support-function';
import { pascalCase } from '../../lib/stack/naming';
import type { SupportStack } from '../../lib/stack/support-stack';
import { actionsOf, actionsOn, grantsOn, referencedIds, tagsOf, TemplateQueries } from './template-queries';

const configs = loadClientConfigs(join(import.meta.dirname, '../../clients'));
const declaredFunctions = Object.entries(functions) as [FunctionName, FunctionDefinition][];

/**
 * Every acknowledgement id the stacks may carry. A new one is a decision: add it here, with its
 * reason next to the construct it acknowledges.
 */
const allowedAcknowledgements = [
  /^AwsSolutions-APIG4$/, // public routes (health, OpenAPI document)
  /^AwsSolutions-IAM5\[Resource::\*\]$/, // X-Ray PutTraceSegments/PutTelemetryRecords
  /^Serverless-LambdaStarPermissions$/, // the same X-Ray statement, in the role's inline policy
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
  }, 600_000); // Three stacks bundled and checked: minutes when the shared machine is busy.

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

  it('puts the alerts topic on alarms added anywhere in the stack, after it was built, L2 or L1', () => {
    // Prepare: what another engineer would add tomorrow, in a construct of their own.
    const {
      app: other,
      stacks: [stack],
    } = buildApp([configs[0]!], new App({ outdir: tempOutdir() }));
    const feature = new Construct(stack!, 'SomeNewFeature');
    const metric = new cloudwatch.Metric({ namespace: 'SupportBackend', metricName: 'Anything', period: Duration.minutes(1) });
    new cloudwatch.Alarm(feature, 'L2Alarm', { metric, threshold: 1, evaluationPeriods: 1 });
    new cloudwatch.CfnAlarm(feature, 'L1Alarm', {
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 1,
      namespace: 'SupportBackend',
      metricName: 'Anything',
      period: 60,
      statistic: 'Sum',
      threshold: 1,
    });

    // Act
    other.synth();
    const template = Template.fromStack(stack!);

    // Assess
    const topic = { Ref: stack!.getLogicalId(stack!.alerts.topic.node.defaultChild as CfnElement) };
    const added = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.startsWith('SomeNewFeature'));
    expect(added).toHaveLength(2);
    for (const [id, alarm] of added) {
      expect(alarm.Properties.AlarmActions, id).toEqual([topic]);
      expect(alarm.Properties.OKActions, id).toEqual([topic]);
    }
  }, 300_000);

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
              .flatMap((entry) =>
                Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ construct, id: id.replace(/^annotation::/i, ''), reason })),
              ),
          );

        // Assess
        expect(acknowledged.length).toBeGreaterThan(0);
        for (const { construct, id, reason } of acknowledged) {
          expect(construct, id).not.toBe(stack());
          expect(
            allowedAcknowledgements.some((pattern) => pattern.test(id)),
            `unexpected acknowledgement ${id} at ${construct.node.path}`,
          ).toBe(true);
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

      it.each(declaredFunctions)('%s: JSON logs in a log group of its own, with the client retention, without the platform INFO lines', (name) => {
        // Prepare
        const fn = stack().functions[name];

        // Act
        const properties = q().resource(fn.function).Properties;
        const logGroup = q().resource(fn.logGroup);

        // Assess
        expect(properties.LoggingConfig).toEqual({ LogFormat: 'JSON', SystemLogLevel: 'WARN', LogGroup: { Ref: q().logicalId(fn.logGroup) } });
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

        // Assess: on the data table, exactly the declared actions on the table and Query on each
        // declared index by name (no Scan, no index wildcard). tests/e2e/data-access.test.ts
        // proves the declaration is what the code calls.
        const tableArn = { 'Fn::GetAtt': [data, 'Arn'] };
        const indexArn = (index: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${index}`]] });
        const unconditional = statements.filter((s) => s.Condition === undefined);
        expect(grantsOn(unconditional, data).sort(), 'the data table').toEqual(
          [
            ...(access.data?.actions ?? []).map((action) => `dynamodb:${action} ${JSON.stringify(tableArn)}`),
            ...(access.data?.indexes ?? []).map((index) => `dynamodb:Query ${JSON.stringify(indexArn(index))}`),
          ].sort(),
        );
        // A function that writes nothing else may still count its callers: UpdateItem on the rate counters only.
        const counterOnly = statements.filter((s) => s.Condition !== undefined && referencedIds(s.Resource).includes(data));
        expect(
          counterOnly.map((s) => ({ Action: s.Action, Condition: s.Condition })),
          'writes the rate counters only',
        ).toEqual(
          access.rateLimit && !access.data?.actions.includes('UpdateItem')
            ? [{ Action: 'dynamodb:UpdateItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } } }]
            : [],
        );
        // The idempotency table only for idempotent functions, with what Powertools calls; for the
        // erasure, the deletes of an erased customer's records and nothing else.
        const onIdempotency = access.idempotency === 'erase' ? idempotencyErasureActions : access.idempotency ? idempotencyActions : [];
        expect(grantsOn(statements, idempotency).sort(), 'the idempotency table').toEqual(
          onIdempotency.map((action) => `dynamodb:${action} ${JSON.stringify({ 'Fn::GetAtt': [idempotency, 'Arn'] })}`).sort(),
        );
        expect(
          actions.filter((a) => a === 'dynamodb:Scan' || a === 'dynamodb:BatchWriteItem'),
          'scans or batch-writes',
        ).toEqual([]);
        // The stream only for its consumer.
        expect(actionsOn(statements, `${data}.StreamArn`).includes('dynamodb:GetRecords'), 'reads the table stream').toBe(trigger?.kind === 'tableStream');
        // Publishing, on the client bus only.
        expect(actionsOn(statements, bus), 'publishes').toEqual(access.bus === 'publish' ? ['events:PutEvents'] : []);
        expect(actionsOf(statements.filter((s) => !referencedIds(s.Resource).includes(bus))), 'publishes elsewhere').not.toContain('events:PutEvents');
        // SQS only to consume its queue, to report expired stream records, or to read queue status.
        expect(
          actions.some((a) => a.startsWith('sqs:')),
          'uses SQS',
        ).toBe(trigger?.kind === 'queue' || trigger?.kind === 'tableStream' || (access.queueStatus ?? []).length > 0 || (access.enqueue ?? []).length > 0);
        // Sends only to the queues it declares.
        const sendTargets = statements.filter((s) => actionsOf([s]).includes('sqs:SendMessage')).flatMap((s) => referencedIds(s.Resource));
        expect(sendTargets.sort(), 'sends to').toEqual(
          trigger?.kind === 'tableStream'
            ? sendTargets.sort() // The relay's mapping reports expired records to its on-failure queue.
            : (access.enqueue ?? []).map((queue) => q().logicalId(stack().workQueues.queues[queue])).sort(),
        );
        // Reads the depth of exactly the queues it declares, with nothing else on them (its own
        // queue's consumption, GetQueueAttributes included, comes with its trigger).
        const statusOnly = statements.filter((s) => JSON.stringify(actionsOf([s])) === JSON.stringify(['sqs:GetQueueAttributes']));
        expect(statusOnly.flatMap((s) => referencedIds(s.Resource)).sort(), 'reads the depth of').toEqual(
          (access.queueStatus ?? []).map((queue) => q().logicalId(stack().workQueues.queues[queue])).sort(),
        );
        if (access.queueStatus && !trigger && !access.enqueue) {
          const statusStatements = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
          expect(actionsOf(statusStatements), 'reads queue status only').toEqual(['sqs:GetQueueAttributes']);
        }
        // The signing secret of each webhook target it delivers to, and of no other target.
        const secrets = (Object.entries(stack().webhookSecrets) as [string, SupportStack['webhookSecrets'][WebhookTargetName]][]).map(
          ([target, secret]) => [target, q().logicalId(secret!)] as const,
        );
        const own = secrets.filter(([target]) => (access.webhooks as readonly string[] | undefined)?.includes(target)).map(([, id]) => id);
        // The erasure key, for the functions that declare it (and no other: it is one of the "other secrets" below).
        const erasureKey = q().logicalId(stack().erasureKey);
        expect(actionsOn(statements, erasureKey).includes('secretsmanager:GetSecretValue'), 'reads the erasure key').toBe(access.erasureKey === true);
        if (access.erasureKey) own.push(erasureKey);
        for (const [target, id] of secrets)
          expect(actionsOn(statements, id).includes('secretsmanager:GetSecretValue'), `reads the ${target} signing secret`).toBe(own.includes(id));
        // Nothing else, and no action wildcard.
        expect(actions.filter((a) => !/^(logs|xray|dynamodb|events|sqs|secretsmanager):/.test(a))).toEqual([]);
        expect(
          actions.filter((a) => a.startsWith('secretsmanager:') && !own.some((id) => actionsOn(statements, id).includes(a))),
          'secrets other than its own',
        ).toEqual([]);
        expect(actions.filter((a) => a.includes('*'))).toEqual([]);
      });

      it('lets requestCallback read the depth of the callback queue, whose wait it quotes to the caller', () => {
        // The SOS button estimates the wait from the callback queue's depth (queueDepth('callbacks')):
        // a grant on the escalation queues only made POST /callbacks answer 500 on AWS after writing.
        const statements = q().roleStatements(stack().functions.requestCallback.role);
        const callbacksQueue = q().logicalId(stack().workQueues.queues.callbacks);
        expect(actionsOn(statements, callbacksQueue)).toEqual(['sqs:GetQueueAttributes']);
      });

      it('lets the public functions (health, OpenAPI) write their logs and traces and count their callers, nothing else', () => {
        // (The public routes of the knowledge base and of self-care read the table: their grants are
        // exactly their declared access, which tests/e2e/data-access.test.ts holds to what they issue.)
        const publicFunctions = [...new Set(routes.filter((r) => r.auth === 'public' && !('data' in r.access)).map((r) => r.function))];
        expect(publicFunctions).toEqual(['health', 'openapi']);
        for (const name of publicFunctions) {
          const statements = q().roleStatements(stack().functions[name].role);
          const others = statements.filter((s) => !actionsOf([s]).every((a) => a.startsWith('logs:') || a.startsWith('xray:')));
          expect(
            others.map((s) => ({ Action: s.Action, Condition: s.Condition })),
            name,
          ).toEqual([{ Action: 'dynamodb:UpdateItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } } }]);
        }
      });

      it('lets the public knowledge functions (articles, search) read the data table and count their callers, never write anything else (the search: the visitor session too)', () => {
        // The knowledge routes; the public self-care routes write their session, exactly as declared
        // (tests/e2e/data-access.test.ts holds their grants to what they issue).
        const publicReaders = [...new Set(routes.filter((r) => r.auth === 'public' && 'data' in r.access && r.tag === 'Knowledge').map((r) => r.function))];
        expect(publicReaders.sort()).toEqual(['getArticle', 'listArticles', 'searchArticles']);
        for (const name of publicReaders) {
          const statements = q().roleStatements(stack().functions[name].role);
          const actions = actionsOf(statements.filter((s) => !s.Condition)).filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'));
          // A search within a session is recorded on it, with the self-care report's counters (the
          // session's PutItem and the counters' UpdateItem, in one transaction): the one write a
          // public reader makes; that UpdateItem covers its rate counter too, so it needs no conditional one.
          const search = name === 'searchArticles';
          const reads = search ? ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] : ['dynamodb:GetItem', 'dynamodb:Query'];
          expect(
            actions.filter((a) => !reads.includes(a)),
            name,
          ).toEqual([]);
          expect(statements.filter((s) => s.Condition).map((s) => s.Action)).toEqual(search ? [] : ['dynamodb:UpdateItem']);
        }
      });

      it.each(declaredFunctions)('%s: names in its environment exactly the resources it may touch', (name, definition) => {
        // Prepare
        const { data, idempotency, bus } = ids();
        const variables = q().resource(stack().functions[name].function).Properties.Environment.Variables;

        // Assess
        expect(variables.TABLE_NAME).toEqual(definition.access.data || definition.access.rateLimit ? { Ref: data } : undefined);
        expect(variables.RATE_LIMITS !== undefined, 'RATE_LIMITS').toBe(definition.access.rateLimit === true);
        expect(variables.IDEMPOTENCY_TABLE_NAME).toEqual(definition.access.idempotency ? { Ref: idempotency } : undefined);
        expect(variables.EVENT_BUS_NAME).toEqual(definition.access.bus ? { Ref: bus } : undefined);
        expect(variables.QUEUE_URLS !== undefined, 'QUEUE_URLS').toBe(definition.access.queueStatus !== undefined || definition.access.enqueue !== undefined);
        for (const target of webhookTargets) {
          const secret = stack().webhookSecrets[target];
          const delivers = (definition.access.webhooks as readonly string[] | undefined)?.includes(target) ?? false;
          expect(variables[webhookSecretVariables(target).arn], `${target} secret`).toEqual(secret && delivers ? { Ref: q().logicalId(secret) } : undefined);
        }
        expect(variables.WEBHOOK_SECRET_ARN, 'one secret for every target').toBeUndefined();
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
        const synthesized = Object.fromEntries(
          q()
            .ofType('AWS::ApiGatewayV2::Route')
            .map(([, r]) => [r.Properties.RouteKey, r.Properties]),
        );

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

      it('invokes the route functions with one role of its own, allowed to invoke exactly them (no permission per function)', () => {
        // Prepare
        const invokeRoleId = q().logicalId(stack().httpApi.invokeRole);
        const routeFunctionIds = [...new Set(routes.map((route) => q().logicalId(stack().functions[route.function].function)))].sort();

        // Act
        const statements = q().roleStatements(stack().httpApi.invokeRole);
        const invoked = statements.filter((s) => actionsOf([s]).includes('lambda:InvokeFunction')).flatMap((s) => referencedIds(s.Resource));

        // Assess
        expect(q().resource(stack().httpApi.invokeRole).Properties.AssumeRolePolicyDocument).toMatchObject({
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } }],
        });
        expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction']);
        expect([...new Set(invoked)].sort()).toEqual(routeFunctionIds);
        for (const [, integration] of q().ofType('AWS::ApiGatewayV2::Integration')) {
          expect(integration.Properties.CredentialsArn).toEqual({ 'Fn::GetAtt': [invokeRoleId, 'Arn'] });
        }
        q().template.resourceCountIs(
          'AWS::Lambda::Permission',
          q()
            .ofType('AWS::Lambda::Permission')
            .filter(([, p]) => p.Properties.Principal !== 'apigateway.amazonaws.com').length,
        );
      });

      it("stays under CloudFormation's 500 resources per stack, with room for the next routes", () => {
        // CDK refuses a stack over 500 at synth; this keeps a margin visible before that happens.
        expect(Object.keys(q().template.toJSON().Resources).length).toBeLessThanOrEqual(480);
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

      if (config.auth.cognito) {
        const cognito = config.auth.cognito;
        const appClient = () => q().resource(stack().httpApi.userPoolClient!).Properties;

        it('signs front ends in with the authorization code only (PKCE, public client): no implicit flow, no secret, no SRP or password flow', () => {
          expect(appClient().AllowedOAuthFlowsUserPoolClient).toBe(true);
          expect(appClient().AllowedOAuthFlows).toEqual(['code']);
          expect(appClient().GenerateSecret ?? false).toBe(false);
          // Only refreshing: tokens from SRP or password sign-in carry aws.cognito.signin.user.admin.
          expect(appClient().ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
          expect(appClient().SupportedIdentityProviders).toEqual(['COGNITO']);
          q().template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
        });

        it('grants the openid, email and profile scopes, never aws.cognito.signin.user.admin', () => {
          expect([...appClient().AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'profile']);
        });

        it('redirects only to the configured callback and logout URLs', () => {
          expect(appClient().CallbackURLs).toEqual(cognito.callbackUrls);
          expect(appClient().LogoutURLs).toEqual(cognito.logoutUrls);
          expect(appClient().CallbackURLs).not.toContain('https://example.com');
        });

        it('lets users change only harmless attributes: not the customer id claim, sub, custom attributes or groups', () => {
          const writable: string[] = appClient().WriteAttributes;
          // Unset would mean every attribute is writable.
          expect(writable).toBeDefined();
          expect([...writable].sort()).toEqual([...userWritableAttributes].sort());
          expect(writable).not.toContain(config.auth.customerIdClaim);
          expect(writable.filter((a) => a === 'sub' || a.startsWith('custom:') || a.includes('group'))).toEqual([]);
        });
      }

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
      it.each(Object.entries(tables) as [TableName, TableDefinition][])(
        '%s: on-demand, PITR, encrypted, TTL, declared keys, indexes and stream',
        (name, definition) => {
          // Act
          const table = q().resource(stack().tables[name]).Properties;

          // Assess
          expect(table).toMatchObject({
            BillingMode: 'PAY_PER_REQUEST',
            SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
            TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
            KeySchema: [
              { AttributeName: definition.partitionKey, KeyType: 'HASH' },
              ...(definition.sortKey ? [{ AttributeName: definition.sortKey, KeyType: 'RANGE' }] : []),
            ],
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
        },
      );

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
        const policies = q()
          .ofType('AWS::Logs::ResourcePolicy')
          .map(([, p]) => JSON.stringify(p.Properties.PolicyDocument));
        expect(policies.some((p) => p.includes('events.amazonaws.com') && p.includes('logs:PutLogEvents') && p.includes(eventLog))).toBe(true);
        expect(q().ofType('AWS::Lambda::Function')).toHaveLength(declaredFunctions.length);
        expect(q().ofType('Custom::CloudwatchLogResourcePolicy')).toEqual([]);
      });
    });

    describe('table stream mapping', () => {
      it.each(declaredFunctions.filter(([, d]) => d.trigger?.kind === 'tableStream'))(
        '%s: as declared, bounded retries, bisect on error, partial failures, the stream failure queue, iterator age alarm',
        (name, definition) => {
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
            const policies = q().roleStatements(stack().functions[name].role);
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
        },
      );
    });

    describe('work queues, schedules and ops', () => {
      it('gives each work queue its configured redrive, an encrypted DLQ and a worker with partial batch failures and bounded concurrency', () => {
        const template = q().template;
        for (const queue of workQueues) {
          const settings = queueSettings(config)[queue];
          expect(q().resource(stack().workQueues.queues[queue]).Properties).toMatchObject({
            VisibilityTimeout: settings.visibilityTimeoutSeconds,
            SqsManagedSseEnabled: true,
            RedrivePolicy: {
              deadLetterTargetArn: { 'Fn::GetAtt': [q().logicalId(stack().workQueues.deadLetters[queue]), 'Arn'] },
              maxReceiveCount: settings.maxReceiveCount,
            },
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

      it.each(declaredFunctions.filter(([, d]) => d.trigger?.kind === 'schedule'))(
        'runs %s every minute, without retries (the next run catches up)',
        (name) => {
          const fn = q().logicalId(stack().functions[name].function);
          q().template.hasResourceProperties('AWS::Events::Rule', {
            ScheduleExpression: 'rate(1 minute)',
            State: 'ENABLED',
            Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } })],
          });
        },
      );

      it('generates one signing secret per configured webhook target, readable only by the function that delivers to that target', () => {
        // Written out, not derived from the declaration: messaging must never read telephony's secret.
        const deliverers: Record<WebhookTargetName, FunctionName> = {
          workforce: 'webhookWorker',
          supervisor: 'webhookWorker',
          messaging: 'notificationWorker',
          telephony: 'callbackWorker',
        };
        const configured = webhookTargets.filter((target) => config.webhooks[target]);
        expect(Object.keys(stack().webhookSecrets).sort()).toEqual([...configured].sort());
        // One per configured target, and the erasure key.
        expect(q().ofType('AWS::SecretsManager::Secret')).toHaveLength(configured.length + 1);
        for (const target of configured) {
          const secret = q().logicalId(stack().webhookSecrets[target]!);
          expect(q().resources[secret]!.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
          const readers = declaredFunctions
            .filter(([name]) => actionsOn(q().roleStatements(stack().functions[name].role), secret).length > 0)
            .map(([name]) => name);
          expect(readers, target).toEqual([deliverers[target]]);
        }
      });

      it('has an ops dashboard with SLA breaches, and alarms on every dead-letter queue, queue age, worker and monitor errors', () => {
        const dashboard = q().ofType('AWS::CloudWatch::Dashboard')[0]![1].Properties;
        expect(dashboard.DashboardName).toBe(`support-${clientId}`);
        const body = JSON.stringify(dashboard.DashboardBody);
        for (const title of [
          'API errors',
          'API latency',
          'Queues: depth',
          'Queues: oldest message',
          'Dead letters',
          'Workers: errors and throttles',
          'SLA breaches',
        ])
          expect(body).toContain(title);
        expect(body).toContain('SlaBreaches');
        const alarms = q()
          .ofType('AWS::CloudWatch::Alarm')
          .map(([, a]) => a.Properties);
        const metricNames = alarms.map((a) => a.MetricName);
        // One DLQ per work queue, the rule-target DLQ, the relay's on-failure queue and the alerts' DLQ.
        expect(metricNames.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(workQueues.length + 3);
        const ageThresholds = alarms.filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage').map((a) => a.Threshold);
        expect(ageThresholds.sort()).toEqual(workQueues.map((queue) => queueSettings(config)[queue].maxWaitMinutes * 60).sort());
        // Each queue worker, and each scheduled function.
        const scheduled = declaredFunctions.filter(([, d]) => d.trigger?.kind === 'schedule');
        expect(metricNames.filter((m) => m === 'Errors')).toHaveLength(workQueues.length + scheduled.length);
        expect(metricNames.filter((m) => m === 'IteratorAge')).toHaveLength(1);
      });

      it("graphs the headline KPIs the KPI consumer publishes: every metric of kpiMetrics under the consumer's service, service level and CSAT as shares of sums", () => {
        const body = JSON.stringify(q().ofType('AWS::CloudWatch::Dashboard')[0]![1].Properties.DashboardBody);
        for (const title of ['KPIs: contacts, first responses, resolutions', 'KPIs: service level, CSAT, preference, callbacks kept', 'KPIs: SLA breaches'])
          expect(body).toContain(title);
        for (const metric of [...new Set(Object.values(kpiMetrics)), 'KpiEventsApplied', 'KpiSurgesDetected'])
          expect(body).toMatch(new RegExp(`"SupportBackend[^\\]]*"${metric}[^\\]]*"service[^\\]]*"support-kpi-worker`));
        expect(body).toContain('100 * serviceLevelPart / (serviceLevelWhole + serviceLevelOther)');
        expect(body).toContain('100 * csatPart / csatWhole');
        // The consumer's service name is the one its metrics carry (derived from its entry file).
        expect(functions.kpiWorker.entry).toBe('functions/workers/kpi-worker.ts');
      });
    });

    describe('alerts', () => {
      const topic = () => ({ Ref: q().logicalId(stack().alerts.topic) });

      it('tells the alerts topic when any alarm of the stack fires and when it clears', () => {
        // Every alarm in the template, whoever added it.
        const alarms = [...q().ofType('AWS::CloudWatch::Alarm'), ...q().ofType('AWS::CloudWatch::CompositeAlarm')];
        expect(alarms.length).toBeGreaterThan(0);
        for (const [id, alarm] of alarms) {
          expect(alarm.Properties.AlarmActions, `${id} ALARM`).toContainEqual(topic());
          expect(alarm.Properties.OKActions, `${id} OK`).toContainEqual(topic());
        }
      });

      it('encrypts the topic with a rotated key of the stack that CloudWatch may use, and refuses plain HTTP', () => {
        const key = q().logicalId(stack().alerts.key);
        expect(q().resource(stack().alerts.topic).Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
        expect(q().resources[key]!.Properties.EnableKeyRotation).toBe(true);
        expect(JSON.stringify(q().resources[key]!.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
        q().template.hasResourceProperties('AWS::SNS::TopicPolicy', {
          Topics: [topic()],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
              Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
            ]),
          },
        });
      });

      it('subscribes the configured e-mail addresses and on-call endpoints, each with a dead-letter queue', () => {
        const synthesized = q()
          .ofType('AWS::SNS::Subscription')
          .map(([, s]) => s.Properties)
          .filter((s) => JSON.stringify(s.TopicArn) === JSON.stringify(topic()));
        expect(synthesized.map((s) => `${s.Protocol} ${s.Endpoint}`).sort()).toEqual(
          [...config.alerts.emails.map((e) => `email ${e}`), ...config.alerts.httpsEndpoints.map((u) => `https ${u}`)].sort(),
        );
        const undelivered = q().logicalId(stack().alerts.undelivered);
        for (const subscription of synthesized) expect(subscription.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [undelivered, 'Arn'] } });
      });
    });

    describe('tags and outputs', () => {
      it('tags every taggable resource with the client id, the stage and the config tags', () => {
        // Prepare
        const expected = { client: clientId, stage: config.stage, ...config.tags };
        const mustBeTagged = [
          'AWS::Lambda::Function',
          'AWS::DynamoDB::GlobalTable',
          'AWS::Events::EventBus',
          'AWS::SQS::Queue',
          'AWS::Logs::LogGroup',
          'AWS::ApiGatewayV2::Api',
          'AWS::IAM::Role',
        ];

        // Act
        const tagged = Object.entries(q().resources).filter(([, r]) => tagsOf(r.Properties ?? {}) !== undefined);

        // Assess
        for (const type of mustBeTagged)
          expect(
            tagged.some(([, r]) => r.Type === type),
            type,
          ).toBe(true);
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
