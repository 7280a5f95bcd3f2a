import { describe, expect, it } from 'vitest';
import { retryMarginMs } from '../../functions/relay/relay';
import { functions } from '../../functions/definition/functions';

/**
 * The relay's retries are bounded, yet a bus outage must lose nothing (DESIGN principle 4): each
 * Lambda attempt waits the outage out for all but `retryMarginMs` of the relay's timeout, so the
 * declared attempts must add up to more than the 24 h a DynamoDB stream keeps a record.
 */
describe('Declaration: outboxRelay retry policy', () => {
  it('outlasts the stream retention in a bus outage, with attempts a mapping accepts', () => {
    // Prepare
    const { timeoutSeconds, trigger } = functions.outboxRelay;
    const waitPerAttemptMs = timeoutSeconds * 1000 - retryMarginMs;

    // Act
    const outageCoveredMs = (trigger.retry.maxAttempts + 1) * waitPerAttemptMs;

    // Assess
    expect(waitPerAttemptMs).toBeGreaterThan(0);
    expect(outageCoveredMs).toBeGreaterThan(24 * 60 * 60 * 1000);
    expect(trigger.retry.maxAttempts).toBeGreaterThanOrEqual(0);
    expect(trigger.retry.maxAttempts).toBeLessThanOrEqual(10_000);
    expect(trigger.retry.bisectOnError).toBe(true);
  });
});
