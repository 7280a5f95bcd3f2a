import { describe, expect, it } from 'vitest';
import { retryDelaySeconds, signWebhook, targetsOf, verifyWebhook } from '../../functions/domain/webhooks';

const secret = 'receiver-shared-secret';
const body = '{"type":"EscalationAssigned.v1","data":{"caseId":"case_1"}}';
const at = new Date('2026-11-22T10:00:00Z');

describe('Function: signWebhook / verifyWebhook', () => {
  it('signs the timestamp with the body, and a receiver with the secret accepts it', () => {
    const header = signWebhook(secret, body, at);
    expect(header).toMatch(/^t=1795341600,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, header, new Date(at.getTime() + 60_000))).toEqual({ valid: true });
  });

  it('refuses a changed body, another secret, a replayed timestamp or a malformed header', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhook(secret, body.replace('case_1', 'case_2'), header, at)).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifyWebhook('another-secret', body, header, at)).toEqual({ valid: false, reason: 'mismatch' });
    // The timestamp is signed: moving it forward to pass the freshness check breaks the signature.
    expect(verifyWebhook(secret, body, header.replace('t=1795341600', 't=1795342600'), new Date(at.getTime() + 1_000_000))).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyWebhook(secret, body, header, new Date(at.getTime() + 301_000))).toEqual({ valid: false, reason: 'stale' });
    expect(verifyWebhook(secret, body, undefined, at)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifyWebhook(secret, body, 'v1=abc', at)).toEqual({ valid: false, reason: 'malformed' });
  });
});

describe('Function: targetsOf', () => {
  it('sends assignments to the workforce platform and SLA breaches to supervisors', () => {
    expect(targetsOf('EscalationAssigned')).toEqual(['workforce']);
    expect(targetsOf('SlaBreached')).toEqual(['supervisor']);
    expect(targetsOf('InteractionRecorded')).toEqual([]);
  });
});

describe('Function: retryDelaySeconds', () => {
  it('doubles from 10 s and never waits more than 15 minutes', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(attempt))).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(20)).toBe(900);
  });
});
