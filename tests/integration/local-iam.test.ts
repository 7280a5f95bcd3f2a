import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FunctionName, functions } from '../../functions/definition/functions';
import { type WorkQueue, workQueues } from '../../functions/definition/queues';
import { type SdkCall, LocalIam } from '../../local/iam/enforce';
import { authorize, resolveStatement } from '../../local/iam/policy';
import { stackPolicies } from '../../local/iam/stack-policies';
import { demoConfig } from '../helpers/runtime';

const prefix = 'iam-test';
const queueUrl = (queue: string) => `http://sqs.eu-west-3.localhost:1/000000000000/${prefix}-${queue}`;
const queueArn = (queue: string) => `arn:aws:sqs:eu-west-3:000000000000:${prefix}-${queue}`;
const names = {
  tables: { data: `${prefix}-data`, idempotency: `${prefix}-idempotency` },
  queues: Object.fromEntries(
    workQueues.map((queue) => [queue, { url: queueUrl(queue), arn: queueArn(queue), deadLetterUrl: queueUrl(`${queue}-dlq`) }]),
  ) as Record<WorkQueue, { url: string; arn: string; deadLetterUrl: string }>,
  streamFailures: { url: queueUrl('stream-failures'), arn: queueArn('stream-failures') },
  eventBus: prefix,
  secretPrefix: `${prefix}-webhook-signing`,
};
/** Nothing listens there: a call the check lets through fails on the network instead. */
const nowhere = { endpoint: 'http://127.0.0.1:9', region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 };

describe('Class: LocalIam (the roles of the synthesized demo stack, enforced)', () => {
  let iam: LocalIam;
  const decide = (name: FunctionName, call: SdkCall) => {
    try {
      iam.check(name, call);
      return 'allowed';
    } catch (error) {
      return (error as Error).name;
    }
  };
  const item = (pk: string) => ({ TableName: names.tables.data, Key: { pk: { S: pk }, sk: { S: 'X' } } });

  beforeAll(async () => {
    iam = new LocalIam(await stackPolicies(demoConfig, functions), names, (name) => `local-${name}`, prefix);
  }, 300_000);

  it('allows the callback queue depth to requestCallback, and no other queue it does not name', () => {
    expect(decide('requestCallback', { service: 'SQS', command: 'GetQueueAttributesCommand', input: { QueueUrl: queueUrl('callbacks') } })).toBe('allowed');
    expect(decide('requestCallback', { service: 'SQS', command: 'GetQueueAttributesCommand', input: { QueueUrl: queueUrl('webhooks') } })).toBe('AccessDenied');
    expect(decide('requestCallback', { service: 'SQS', command: 'SendMessageCommand', input: { QueueUrl: queueUrl('callbacks') } })).toBe('AccessDenied');
  });

  it('authorises a batch as its single action: SendMessageBatch needs sqs:SendMessage on the queue', () => {
    expect(decide('dispatcher', { service: 'SQS', command: 'SendMessageBatchCommand', input: { QueueUrl: queueUrl('notifications') } })).toBe('allowed');
    expect(decide('dispatcher', { service: 'SQS', command: 'SendMessageBatchCommand', input: { QueueUrl: queueUrl('callbacks') } })).toBe('AccessDenied');
  });

  it('honours dynamodb:LeadingKeys: a read-only function may update the rate counters, and no other item', () => {
    expect(decide('getCustomer', { service: 'DynamoDB', command: 'UpdateItemCommand', input: item('RATE#customer#c1#2026-01-01T00:00:00Z') })).toBe('allowed');
    expect(decide('getCustomer', { service: 'DynamoDB', command: 'UpdateItemCommand', input: item('CUSTOMER#c1') })).toBe('AccessDeniedException');
    expect(decide('getCustomer', { service: 'DynamoDB', command: 'GetItemCommand', input: item('CUSTOMER#c1') })).toBe('allowed');
  });

  it('authorises a transaction item by item, and an index query on the index by name', () => {
    const put = { Put: { TableName: names.tables.data, Item: { pk: { S: 'CASE#1' } } } };
    const remove = { Delete: { TableName: names.tables.data, Key: { pk: { S: 'CASE#1' } } } };
    expect(decide('openCase', { service: 'DynamoDB', command: 'TransactWriteItemsCommand', input: { TransactItems: [put] } })).toBe('allowed');
    expect(decide('openCase', { service: 'DynamoDB', command: 'TransactWriteItemsCommand', input: { TransactItems: [put, remove] } })).toBe(
      'AccessDeniedException',
    );
    const query = (index: string) => ({
      TableName: names.tables.data,
      IndexName: index,
      KeyConditionExpression: 'customerKey = :c',
      ExpressionAttributeValues: { ':c': { S: 'c' } },
    });
    expect(decide('getTimeline', { service: 'DynamoDB', command: 'QueryCommand', input: query('byCustomer') })).toBe('allowed');
    expect(decide('getTimeline', { service: 'DynamoDB', command: 'QueryCommand', input: query('worklists') })).toBe('AccessDeniedException');
    expect(decide('getTimeline', { service: 'DynamoDB', command: 'ScanCommand', input: { TableName: names.tables.data } })).toBe('AccessDeniedException');
  });

  it('refuses a real SDK call to a bus the role does not name, before it leaves the process, with EventBridge AccessDeniedException', async () => {
    // Prepare
    const events = new EventBridgeClient(nowhere);
    const publish = () => events.send(new PutEventsCommand({ Entries: [{ EventBusName: names.eventBus, Source: 'support', DetailType: 'X', Detail: '{}' }] }));

    // Act
    const refused = await iam.invoke('getCase', publish).catch((error: Error) => error);
    const allowed = await iam.invoke('outboxRelay', publish).catch((error: Error) => error);

    // Assess: the relay's call got past the check (and failed on the closed port), getCase's did not.
    expect(refused).toMatchObject({ name: 'AccessDeniedException', $fault: 'client' });
    expect((refused as Error).message).toBe(
      `User: arn:aws:sts::000000000000:assumed-role/${prefix}-${(await stackPolicies(demoConfig, functions)).roles.getCase!.logicalId}/local-getCase is not authorized to perform: events:PutEvents on resource: arn:aws:events:eu-west-3:000000000000:event-bus/${prefix} because no identity-based policy allows the events:PutEvents action`,
    );
    expect((allowed as Error).name).not.toMatch(/AccessDenied/);
    expect(iam.refused().map((r) => `${r.function} ${r.action}`)).toContain('getCase events:PutEvents');
  });

  it('checks only inside an invocation: calls the runtime makes itself are the business of the services', async () => {
    const sqs = new SQSClient({ ...nowhere, useQueueUrlAsEndpoint: false });
    const outside = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl('webhooks') })).catch((error: Error) => error);
    expect((outside as Error).name).not.toMatch(/AccessDenied/);
  });
});

describe('Function: authorize (IAM evaluation rules)', () => {
  const statement = (json: Parameters<typeof resolveStatement>[0]) => resolveStatement(json, () => []);
  const request = (context: Record<string, string[] | 'unknown'> = {}) => ({
    action: 'sqs:SendMessage',
    resource: 'arn:aws:sqs:eu-west-3:000000000000:q',
    context,
  });

  it('lets an explicit Deny win over an Allow', () => {
    const allow = statement({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' });
    const deny = statement({ Effect: 'Deny', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:*:*:q' });
    expect(authorize([allow], request())).toEqual({ allowed: true });
    expect(authorize([allow, deny], request())).toEqual({ allowed: false, explicit: true });
    expect(authorize([], request())).toEqual({ allowed: false, explicit: false });
  });

  it('fails closed on an operator it does not implement and on a condition key it could not work out', () => {
    const odd = statement({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
    });
    const keyed = statement({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: '*',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } },
    });
    expect(authorize([odd], request()).allowed).toBe(false);
    expect(authorize([keyed], request({ 'dynamodb:LeadingKeys': 'unknown' })).allowed).toBe(false);
    expect(authorize([keyed], request({ 'dynamodb:LeadingKeys': ['RATE#a', 'CUSTOMER#b'] })).allowed).toBe(false);
    expect(authorize([keyed], request({ 'dynamodb:LeadingKeys': ['RATE#a'] })).allowed).toBe(true);
  });

  it('resolves Fn::Join and Fn::GetAtt to every local value of the resource', () => {
    const resolved = resolveStatement(
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/byCase']] } },
      (id, attribute) => (id === 'Table' && attribute === 'Arn' ? ['arn:a', 'arn:b'] : []),
    );
    expect(resolved.resources).toEqual(['arn:a/index/byCase', 'arn:b/index/byCase']);
  });
});
