import { describe, expect, it } from 'vitest';
import { addressKey, countedCaller, type RateLimits, secondsUntil, windowOf } from '../../functions/domain/rate-limits';
import { ClientConfig } from '../../lib/config/client-config';
import { functionEnvironment } from '../../lib/definition/environment';
import { functions } from '../../functions/definition/functions';
import { routes } from '../../functions/definition/routes';
import { demoConfig } from '../helpers/runtime';

const limits: RateLimits = { windowSeconds: 10, public: 50, roles: { customer: 50 } };

describe('Function: countedCaller', () => {
  it('counts customers by customer id (all their tokens together) and public callers by address', () => {
    expect(countedCaller(limits, { subject: 'token-sub', roles: ['customer'], customerId: 'c-1' }, '203.0.113.7')).toEqual({
      kind: 'customer',
      id: 'c-1',
      limit: 50,
    });
    expect(countedCaller(limits, undefined, '203.0.113.7')).toEqual({ kind: 'public', id: '203.0.113.7', limit: 50 });
  });

  it('leaves staff and integrations to the stage throttle unless their role has a limit', () => {
    for (const role of ['agent', 'supervisor', 'integration'] as const)
      expect(countedCaller(limits, { subject: 's', roles: [role] }, '203.0.113.7')).toBeUndefined();
    expect(countedCaller({ ...limits, roles: { customer: 50, integration: 900 } }, { subject: 'ivr', roles: ['integration'] }, '203.0.113.7')).toEqual({
      kind: 'integration',
      id: 'ivr',
      limit: 900,
    });
  });

  it('gives a caller with several roles the most generous one, an uncounted role winning', () => {
    const both = { subject: 's', roles: ['customer' as const, 'agent' as const], customerId: 'c-1' };
    expect(countedCaller(limits, both, '203.0.113.7')).toBeUndefined();
    expect(countedCaller({ ...limits, roles: { customer: 50, agent: 500 } }, both, '203.0.113.7')).toEqual({ kind: 'agent', id: 's', limit: 500 });
  });

  it('counts nothing that the config turns off (null)', () => {
    const off: RateLimits = { windowSeconds: 10, public: null, roles: { customer: null } };
    expect(countedCaller(off, undefined, '203.0.113.7')).toBeUndefined();
    expect(countedCaller(off, { subject: 's', roles: ['customer'], customerId: 'c-1' }, '203.0.113.7')).toBeUndefined();
  });
});

describe('Function: windowOf, secondsUntil', () => {
  it('aligns windows on multiples of their length and gives the whole seconds left (at least 1)', () => {
    const window = windowOf(new Date('2026-12-01T10:00:07.200Z'), 10);
    expect(window).toEqual({ start: new Date('2026-12-01T10:00:00Z'), end: new Date('2026-12-01T10:00:10Z') });
    expect(secondsUntil(window.end, new Date('2026-12-01T10:00:07.200Z'))).toBe(3);
    expect(secondsUntil(window.end, new Date('2026-12-01T10:00:09.999Z'))).toBe(1);
    expect(windowOf(new Date('2026-12-01T10:00:10Z'), 10).start).toEqual(new Date('2026-12-01T10:00:10Z'));
  });
});

describe('Function: addressKey', () => {
  it('counts IPv4 by address and IPv6 by its /64, so a host cannot rotate through its prefix', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });
});

describe('Client config: rateLimits', () => {
  it('defaults to 50 requests per 10 s per customer and per public address, staff not counted', () => {
    const { rateLimits: _omitted, ...withoutLimits } = demoConfig;
    expect(ClientConfig.parse(withoutLimits).rateLimits).toEqual({ windowSeconds: 10, public: 50, roles: { customer: 50 } });
  });

  it('takes per-role overrides, keeping the customer default, and names a wrong field', () => {
    expect(ClientConfig.parse({ ...demoConfig, rateLimits: { roles: { integration: 900 } } }).rateLimits.roles).toEqual({ customer: 50, integration: 900 });
    const refused = ClientConfig.safeParse({ ...demoConfig, rateLimits: { windowSeconds: 0, roles: { robot: 1 } } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['rateLimits.windowSeconds', 'rateLimits.roles']));
  });

  it('reaches every HTTP function, with the table its counters live in', () => {
    const httpFunctions = [...new Set(routes.map((route) => route.function))];
    for (const name of httpFunctions) {
      const environment = functionEnvironment(demoConfig, functions[name], {
        dataTable: 'data',
        idempotencyTable: 'idem',
        eventBus: 'bus',
        queueUrls: {} as never,
        webhookSecrets: {},
      });
      expect(JSON.parse(environment.RATE_LIMITS ?? 'null'), name).toEqual(demoConfig.rateLimits);
      expect(environment.TABLE_NAME, name).toBe('data');
    }
  });
});
