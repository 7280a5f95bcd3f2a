import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../functions/commons/http/principal';

const options = { roleClaim: 'roles', customerIdClaim: 'sub' };

describe('Function: principalFromClaims', () => {
  it('reads roles that API Gateway flattened into "[a b]"', () => {
    expect(principalFromClaims({ sub: 'u1', roles: '[agent supervisor]' }, options)?.roles).toEqual(['agent', 'supervisor']);
  });

  it('reads a plain string, a space-separated string or an array, and drops unknown roles', () => {
    expect(principalFromClaims({ sub: 'u1', roles: 'agent' }, options)?.roles).toEqual(['agent']);
    expect(principalFromClaims({ sub: 'u1', roles: 'agent admin' }, options)?.roles).toEqual(['agent']);
    expect(principalFromClaims({ sub: 'u1', roles: ['integration'] }, options)?.roles).toEqual(['integration']);
  });

  it('gives a customer their customer id from the configured claim, and nobody else', () => {
    expect(principalFromClaims({ sub: 'cus_9', roles: 'customer' }, options)).toEqual({ subject: 'cus_9', roles: ['customer'], customerId: 'cus_9' });
    expect(principalFromClaims({ sub: 'u1', roles: 'agent' }, options)?.customerId).toBeUndefined();
    expect(principalFromClaims({ sub: 'idp-42', role: 'customer', crm: 'cus_7' }, { roleClaim: 'role', customerIdClaim: 'crm' })?.customerId).toBe('cus_7');
  });

  it('has no principal without a subject: 401', () => {
    expect(() => principalFromClaims({ roles: 'agent' }, options)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => principalFromClaims(undefined, options)).toThrow(expect.objectContaining({ status: 401 }));
  });

  it('refuses with 401 a subject that is too long or not an id (it scopes idempotency keys and names who did what)', () => {
    for (const sub of ['x'.repeat(2_100), 'x'.repeat(256), 'x#PROFILE', '../x', 'a b', 'a\u0000b', '\uD800', '']) {
      expect(() => principalFromClaims({ sub, roles: 'agent' }, options), JSON.stringify(sub)).toThrow(
        expect.objectContaining({ status: 401, slug: 'unauthorized' }),
      );
    }
    expect(principalFromClaims({ sub: 'x'.repeat(255), roles: 'agent' }, options).subject).toHaveLength(255);
    for (const sub of ['auth0|5f7c8ec7c33c6c004bbafe82', 'f:3b1c:jeanne', '1b0a9c5e-7d3c-4e55-9c1a-2f0e8d6b1a77', 'jeanne+test@example.com']) {
      expect(principalFromClaims({ sub, roles: 'agent' }, options).subject).toBe(sub);
    }
  });

  it('refuses with 403 naming the claim a customer id claim that is not a customer id (it becomes a key)', () => {
    const crm = { roleClaim: 'role', customerIdClaim: 'crm' };
    for (const crmId of ['x#PROFILE', '../x', 'x'.repeat(101), 'a\u0000b', 42]) {
      let thrown: unknown;
      try {
        principalFromClaims({ sub: 'idp-42', role: 'customer', crm: crmId }, crm);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, String(crmId)).toMatchObject({ status: 403, errors: [{ field: 'crm' }] });
    }
    // Staff tokens may carry the claim for other reasons: it is only read for customers.
    expect(principalFromClaims({ sub: 'idp-42', role: 'agent', crm: '../x' }, crm)).toEqual({ subject: 'idp-42', roles: ['agent'] });
  });

  it('keeps only the email and phone the identity provider says it verified, normalised', () => {
    const verified = (claims: Record<string, unknown>) => principalFromClaims({ sub: 'u1', roles: 'customer', ...claims }, options)?.verified;
    expect(verified({ email: 'Jeanne@Example.com', email_verified: 'true', phone_number: '+33 6 12 34 56 78', phone_number_verified: true })).toEqual({
      email: 'jeanne@example.com',
      phone: '+33612345678',
    });
    expect(verified({ email: 'jeanne@example.com', email_verified: 'false' })).toBeUndefined();
    expect(verified({ email: 'jeanne@example.com' })).toBeUndefined();
    expect(verified({ phone_number: 'not a phone', phone_number_verified: true })).toBeUndefined();
  });
});
