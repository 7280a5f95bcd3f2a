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

  it('has no principal without a subject', () => {
    expect(principalFromClaims({ roles: 'agent' }, options)).toBeUndefined();
    expect(principalFromClaims(undefined, options)).toBeUndefined();
  });

  it('keeps the email and phone the IdP verified (OIDC claims, as API Gateway passes them: strings), normalised, and nothing unverified', () => {
    const verified = principalFromClaims({ sub: 'cus_9', roles: 'customer', email: ' Jeanne@Example.com', email_verified: 'true', phone_number: '+33 6 12 34 56 78', phone_number_verified: 'true' }, options);
    expect(verified?.verified).toEqual({ email: 'jeanne@example.com', phone: '+33612345678' });
    expect(principalFromClaims({ sub: 'cus_9', roles: 'customer', phone_number: '+33612345678', phone_number_verified: true }, options)?.verified).toEqual({ phone: '+33612345678' });
    expect(principalFromClaims({ sub: 'cus_9', roles: 'customer', email: 'j@example.com', email_verified: 'false', phone_number: '+33612345678' }, options)?.verified).toBeUndefined();
  });
});

