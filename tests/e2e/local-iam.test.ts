import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../functions/definition/functions';
import { escalationQueues } from '../../functions/domain/escalations';
import type { LocalRuntime } from '../../local/runtime';
import { apiClient, startTestRuntime, alwaysOpenHours as alwaysOpen } from '../helpers/runtime';

/**
 * The local runtime refuses what the synthesized role would refuse: each function's SDK calls are
 * checked against its role's policy from the CloudFormation template (local/iam/), so a missing
 * grant fails here as it would on AWS, with AWS's error, instead of passing silently.
 */
describe('Local runtime: IAM as the stack synthesizes it', () => {
  let runtime: LocalRuntime;
  let stripped: LocalRuntime;
  let agent: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ businessHours: alwaysOpen });
    // The same handlers, with roles that lack a grant their code needs.
    stripped = await startTestRuntime(
      { businessHours: alwaysOpen },
      {
        access: {
          // No data table at all.
          getCustomer: { ...functions.getCustomer.access, data: { actions: [] } },
          // The grant requestCallback had before issue 11: the escalation queues' depth, not the callback queue's.
          requestCallback: { ...functions.requestCallback.access, queueStatus: escalationQueues },
        },
      },
    );
    agent = await runtime.token('agent');
  }, 240_000);
  afterAll(async () => {
    await stripped?.stop();
    await runtime?.stop();
  });

  const newCustomer = async () =>
    (
      await apiClient(runtime.url).post(
        '/interactions',
        { channel: 'app', direction: 'inbound', customer: { email: `iam-${Math.random()}@example.com`, phone: '+33612345678' } },
        agent,
      )
    ).body.customerId as string;

  it('answers POST /callbacks with the estimated wait: requestCallback may read the callback queue depth', async () => {
    // Prepare
    const customerId = await newCustomer();
    const customer = await runtime.token('customer', customerId);

    // Act
    const requested = await apiClient(runtime.url).post('/callbacks', { phone: '+33612345678', when: 'asap' }, customer);

    // Assess
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    expect(requested.body.estimatedWaitSeconds).toEqual(expect.any(Number));
    expect(runtime.accessRefusals()).toEqual([]);
  });

  it('refuses the callback queue depth to a role granted the escalation queues only (the bug of issue 11): POST /callbacks answers 500', async () => {
    // Prepare
    const customerId = await newCustomer();
    const customer = await stripped.token('customer', customerId);

    // Act
    const requested = await apiClient(stripped.url, { contract: false }).post('/callbacks', { phone: '+33612345678', when: 'asap' }, customer);

    // Assess: what AWS would have answered (a 500 no route documents: the contract check is off
    // for this runtime), and AWS's own words for why.
    expect(requested.status).toBe(500);
    const refusal = stripped.accessRefusals().find((r) => r.function === 'requestCallback');
    expect(refusal).toMatchObject({
      command: 'GetQueueAttributesCommand',
      error: 'AccessDenied',
      action: 'sqs:GetQueueAttributes',
      resource: expect.stringMatching(/^arn:aws:sqs:eu-west-3:000000000000:e2e-[0-9a-f]+-callbacks$/),
    });
    expect(refusal!.message).toMatch(
      /^User: arn:aws:sts::000000000000:assumed-role\/e2e-[0-9a-f]+-RequestCallbackRole[0-9A-F]+\/local-requestCallback is not authorized to perform: sqs:GetQueueAttributes on resource: arn:aws:sqs:\S+-callbacks because no identity-based policy allows the sqs:GetQueueAttributes action$/,
    );
  });

  it('refuses a table the role does not name, with DynamoDB AccessDeniedException, before DynamoDB Local sees the request', async () => {
    // Prepare
    const customerId = await newCustomer();
    const customer = await stripped.token('customer', customerId);

    // Act
    const read = await apiClient(stripped.url, { contract: false }).get(`/customers/${customerId}`, customer);

    // Assess
    expect(read.status).toBe(500);
    expect(stripped.accessRefusals().filter((r) => r.function === 'getCustomer')).toEqual([
      expect.objectContaining({
        command: 'GetItemCommand',
        error: 'AccessDeniedException',
        action: 'dynamodb:GetItem',
        resource: expect.stringMatching(/^arn:aws:dynamodb:eu-west-3:000000000000:table\/e2e-[0-9a-f]+-data$/),
      }),
    ]);
    // The same read with the declared grant succeeds.
    expect((await apiClient(runtime.url).get(`/customers/${customerId}`, await runtime.token('customer', customerId))).status).toBe(200);
  });
});
