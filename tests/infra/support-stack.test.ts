import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import type { ClientConfig } from '../../lib/config/client-config';
import { loadClientConfigs } from '../../lib/config/load-client-configs';
import { functions } from '../../lib/definition/functions';
import { routes, routeKey } from '../../lib/definition/routes';
import { archive, rules } from '../../lib/definition/rules';
import { tables } from '../../lib/definition/table';
import type { SupportStack } from '../../lib/stack/support-stack';

const configs = loadClientConfigs(join(import.meta.dirname, '../../clients'));
const configOf = (clientId: string) => configs.find((c) => c.clientId === clientId)!;

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

describe('Stack: Support-<clientId>', () => {
  let app: App;
  let stacks: SupportStack[];
  const templates = new Map<string, Template>();
  const resourcesOf = (clientId: string, type: string) =>
    Object.entries(templates.get(clientId)!.toJSON().Resources as Resources).filter(([, r]) => r.Type === type);

  beforeAll(() => {
    ({ app, stacks } = buildApp(configs));
    for (const stack of stacks) templates.set(stack.node.id.replace('Support-', ''), Template.fromStack(stack));
  });

  it('synthesizes one stack per client file, with zero unacknowledged cdk-nag findings', () => {
    expect(stacks.map((s) => s.stackName).sort()).toEqual(configs.map((c) => `Support-${c.clientId}`).sort());
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synth on a cdk-nag finding nobody acknowledged (the check is live)', () => {
    const { app: other, stacks: [stack] } = buildApp([configOf('demo')], new App());
    new sqs.Queue(stack!, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    expect(() => other.synth()).toThrow(/AwsSolutions-SQS/);
  });

  describe.each(configs.map((c) => [c.clientId, c] as [string, ClientConfig]))('%s', (clientId, config) => {
    it('runs every declared function on Node 24, arm64, traced, JSON logs in its own log group with the client retention', () => {
      const fns = resourcesOf(clientId, 'AWS::Lambda::Function');
      expect(fns).toHaveLength(Object.keys(functions).length);
      for (const [, fn] of fns) {
        expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } } });
        const logGroup = templates.get(clientId)!.toJSON().Resources[fn.Properties.LoggingConfig.LogGroup.Ref];
        expect(logGroup.Properties.RetentionInDays).toBe(config.retention.logsDays);
      }
    });

    it('serves every declared route, with the JWT authorizer on all but the public ones', () => {
      const declared = Object.fromEntries(routes.map((r) => [routeKey(r), r.auth === 'public' ? 'NONE' : 'JWT']));
      const synthesized = Object.fromEntries(resourcesOf(clientId, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties.AuthorizationType]));
      expect(synthesized).toEqual(declared);
    });

    it('sets the authorizer, CORS and stage throttling from the config', () => {
      const template = templates.get(clientId)!;
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: config.cors.allowedOrigins }) });
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: config.throttling.rateLimit, ThrottlingBurstLimit: config.throttling.burstLimit },
        AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      });
      if (config.auth.jwt) {
        template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', JwtConfiguration: { Issuer: config.auth.jwt.issuer, Audience: config.auth.jwt.audience } });
      } else {
        template.resourceCountIs('AWS::Cognito::UserPool', 1);
        template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
        template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', JwtConfiguration: { Issuer: Match.anyValue(), Audience: Match.anyValue() } });
      }
    });

    it('keeps data in on-demand tables with PITR, encryption, TTL, the declared indexes and the stream', () => {
      const data = resourcesOf(clientId, 'AWS::DynamoDB::GlobalTable').find(([, t]) => t.Properties.StreamSpecification)?.[1];
      expect(data!.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: tables.data.timeToLiveAttribute, Enabled: true },
        StreamSpecification: { StreamViewType: tables.data.stream },
      });
      expect(data!.Properties.Replicas[0].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
      expect(data!.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(tables.data.globalIndexes.map((i) => i.indexName));
    });

    it(config.stage === 'prod' ? 'retains tables and protects them from deletion (prod)' : 'lets the tables be destroyed (dev)', () => {
      for (const [, table] of resourcesOf(clientId, 'AWS::DynamoDB::GlobalTable')) {
        expect(table.DeletionPolicy).toBe(config.stage === 'prod' ? 'Retain' : 'Delete');
        expect(table.Properties.Replicas[0].DeletionProtectionEnabled ?? false).toBe(config.stage === 'prod');
      }
    });

    it('has the bus, the archive and every declared rule with its pattern verbatim and a DLQ on each target', () => {
      const template = templates.get(clientId)!;
      template.hasResourceProperties('AWS::Events::EventBus', { Name: `support-${clientId}` });
      template.hasResourceProperties('AWS::Events::Archive', { EventPattern: archive.pattern, RetentionDays: archive.retentionDays[config.stage] });
      const synthesized = resourcesOf(clientId, 'AWS::Events::Rule').map(([, r]) => r.Properties);
      expect(synthesized.map((r) => r.EventPattern)).toEqual(Object.values(rules).map((r) => r.pattern));
      for (const rule of synthesized) for (const target of rule.Targets) expect(target.DeadLetterConfig.Arn).toBeDefined();
    });

    it('feeds the relay from the stream with the declared filter, partial batch failures and an on-failure queue', () => {
      templates.get(clientId)!.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify(functions.outboxRelay.trigger.filter) }] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        BatchSize: functions.outboxRelay.trigger.batchSize,
        StartingPosition: 'TRIM_HORIZON',
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
      expect(resourcesOf(clientId, 'AWS::CloudWatch::Alarm').length).toBeGreaterThanOrEqual(3);
    });

    it('gives each escalation queue its configured redrive, an encrypted DLQ and a worker with partial batch failures and bounded concurrency', () => {
      const template = templates.get(clientId)!;
      for (const settings of Object.values(config.routing.queues)) {
        template.hasResourceProperties('AWS::SQS::Queue', {
          VisibilityTimeout: settings.visibilityTimeoutSeconds,
          SqsManagedSseEnabled: true,
          RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: settings.maxReceiveCount },
        });
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          BatchSize: settings.batchSize,
          ScalingConfig: { MaximumConcurrency: settings.maxConcurrency },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
      }
      const queueRules = resourcesOf(clientId, 'AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern['detail-type']);
      expect(queueRules).toHaveLength(3);
    });

    it('has an ops dashboard and alarms on every dead-letter queue, queue age and worker errors', () => {
      const template = templates.get(clientId)!;
      template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `support-${clientId}` });
      const alarms = resourcesOf(clientId, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
      const metricNames = alarms.map((a) => a.MetricName);
      // The three escalation DLQs, the rule-target DLQ and the relay's on-failure queue.
      expect(metricNames.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(5);
      expect(metricNames.filter((m) => m === 'ApproximateAgeOfOldestMessage')).toHaveLength(3);
      expect(metricNames.filter((m) => m === 'Errors')).toHaveLength(3);
    });

    it('grants each function exactly its declared access', () => {
      const actionsOf = (functionName: string): string[] => {
        const policies = resourcesOf(clientId, 'AWS::IAM::Policy').filter(([id]) => id.startsWith(functionName.charAt(0).toUpperCase() + functionName.slice(1)));
        return policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
      };
      const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
      for (const [name, fn] of Object.entries(functions)) {
        const actions = actionsOf(name);
        const access = fn.access as { data?: string; bus?: string };
        expect(actions.some((a) => writes.includes(a)), `${name} writes`).toBe(access.data === 'readWrite' || 'idempotency' in fn.access);
        expect(actions.includes('dynamodb:Query'), `${name} reads`).toBe(access.data !== undefined || 'idempotency' in fn.access);
        expect(actions.includes('events:PutEvents'), `${name} publishes`).toBe(access.bus === 'publish');
      }
      expect(actionsOf('health').filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual([]);
    });

    it('tags every resource with the client id', () => {
      const template = templates.get(clientId)!;
      const tagged = { Tags: Match.arrayWith([{ Key: 'client', Value: clientId }]) };
      template.hasResourceProperties('AWS::Lambda::Function', tagged);
      template.hasResourceProperties('AWS::Events::EventBus', tagged);
      template.hasResourceProperties('AWS::SQS::Queue', tagged);
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ Tags: Match.arrayWith([{ Key: 'client', Value: clientId }]) })] });
    });
  });

  it('places a client in its configured account and region', () => {
    const telco = stacks.find((s) => s.stackName === 'Support-telco-fibra')!;
    expect(Stack.of(telco).region).toBe(configOf('telco-fibra').aws.region);
    expect(Stack.of(telco).account).toBe(configOf('telco-fibra').aws.account);
  });
});
