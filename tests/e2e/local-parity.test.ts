import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import { functions } from '../../functions/definition/functions';
import { rules } from '../../functions/definition/rules';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, demoConfig, startTestRuntime } from '../helpers/runtime';

/**
 * One definition, two runtimes: everything the synthesized stack routes or matches, the local
 * runtime serves or matches too.
 */
describe('Parity: the synthesized stack and the local runtime', () => {
  let template: ReturnType<Template['toJSON']>;
  let runtime: LocalRuntime;
  const logLines: string[] = [];

  const resources = (type: string) => Object.values(template.Resources as Record<string, { Type: string; Properties: any }>).filter((r) => r.Type === type);

  beforeAll(async () => {
    const { stacks } = buildApp([demoConfig], new App());
    template = Template.fromStack(stacks[0]!).toJSON();
    runtime = await startTestRuntime({}, { log: (line) => logLines.push(line) });
  });
  afterAll(() => runtime?.stop());

  it('serves every route of the template through a handler (not a gateway 404)', async () => {
    const api = apiClient(runtime.url);
    const token = await runtime.token('supervisor');
    const routeKeys: string[] = resources('AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey);
    expect(routeKeys.length).toBeGreaterThan(0);

    for (const key of routeKeys) {
      const [method, path] = key.split(' ') as [string, string];
      const concrete = path.replace('{customerId}', 'cus_parity').replace('{caseId}', 'case_01JAAAAAAAAAAAAAAAAAAAAAAA');
      const response = await api.call(method, concrete, { token, ...(method === 'GET' ? {} : { body: {} }) });

      // Handlers always answer with the request's correlation id; the gateway's own 404 does not.
      expect(response.headers.get('x-correlation-id'), key).toBeTruthy();
    }
  });

  it('applies every rule of the template, with the same pattern, to events published locally', async () => {
    // Rules on the client bus (schedules are rules of the default bus, run by the local timers).
    const templateRules = resources('AWS::Events::Rule')
      .filter((r) => r.Properties.EventPattern)
      .map((r) => r.Properties.EventPattern);
    expect(templateRules).toEqual(Object.values(rules).map((rule) => rule.pattern));

    const api = apiClient(runtime.url);
    await api.post('/interactions', { channel: 'chat', direction: 'inbound', customer: { email: 'parity@example.com' } }, await runtime.token('integration'));
    await runtime.relayIdle();

    // The event-log rule matched and delivered the event locally.
    expect(logLines.some((line) => line.includes('InteractionRecorded.v1'))).toBe(true);
  });

  it('consumes every queue of the template with a worker, as configured', () => {
    const queueMappings = resources('AWS::Lambda::EventSourceMapping').filter((m) => !m.Properties.StartingPosition);
    expect(queueMappings.map((m) => [m.Properties.BatchSize, m.Properties.ScalingConfig.MaximumConcurrency]).sort()).toEqual(
      Object.values(runtime.queues)
        .map((q) => [q.settings.batchSize, q.settings.maxConcurrency])
        .sort(),
    );
  });

  it('filters the table stream with the same pattern as the event source mapping', () => {
    const streamMappings = resources('AWS::Lambda::EventSourceMapping').filter((m) => m.Properties.StartingPosition);
    expect(streamMappings).toHaveLength(1);
    expect(JSON.parse(streamMappings[0]!.Properties.FilterCriteria.Filters[0].Pattern)).toEqual(functions.outboxRelay.trigger.filter);
  });

  it('retries the table stream as the event source mapping does: the same attempts and bisecting, failures to a queue of its own', () => {
    // The local stream trigger is given functions.outboxRelay.trigger itself; the template must say the same.
    const [mapping] = resources('AWS::Lambda::EventSourceMapping').filter((m) => m.Properties.StartingPosition);
    const { retry } = functions.outboxRelay.trigger;
    expect([mapping!.Properties.MaximumRetryAttempts, mapping!.Properties.BisectBatchOnFunctionError]).toEqual([retry.maxAttempts, retry.bisectOnError]);
    expect(mapping!.Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
    expect(runtime.names.streamFailureQueueUrl).toContain('stream-failures');
  });
});
