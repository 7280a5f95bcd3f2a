import { describe, expect, it } from 'vitest';
import { idempotentCall } from '../../functions/commons/http/idempotency';
import type { HttpEvent } from '../../functions/commons/http/principal';
import type { Principal } from '../../functions/domain/roles';

const eventWith = (headers: Record<string, string>, iss = 'https://idp.example/a') =>
  ({
    headers,
    rawPath: '/interactions',
    requestContext: { http: { method: 'POST' }, authorizer: { jwt: { claims: { sub: 'u1', iss }, scopes: [] } } },
  }) as unknown as HttpEvent;

const request = { body: { text: 'hello' }, query: undefined };

describe('Function: idempotentCall', () => {
  it('scopes the key by issuer, subject, roles and customer, then method, path and header', () => {
    // Prepare
    const principal: Principal = { subject: 'u1', roles: ['supervisor', 'agent'] };

    // Act
    const call = idempotentCall(eventWith({ 'idempotency-key': 'k1' }), principal, request);

    // Assess
    expect(call.key).toEqual({
      issuer: 'https://idp.example/a',
      subject: 'u1',
      roles: ['agent', 'supervisor'],
      customerId: '',
      method: 'POST',
      path: '/interactions',
      idempotencyKey: 'k1',
    });
    expect(call.payload).toEqual({ body: { text: 'hello' }, query: null });
  });

  it('gives the same caller with its roles in another order the same key, and another issuer another key', () => {
    const event = eventWith({ 'idempotency-key': 'k1' });

    const a = idempotentCall(event, { subject: 'u1', roles: ['agent', 'supervisor'] }, request).key;
    const b = idempotentCall(event, { subject: 'u1', roles: ['supervisor', 'agent'] }, request).key;
    const otherIssuer = idempotentCall(
      eventWith({ 'idempotency-key': 'k1' }, 'https://idp.example/b'),
      { subject: 'u1', roles: ['agent', 'supervisor'] },
      request,
    ).key;

    expect(a).toEqual(b);
    expect(otherIssuer).not.toEqual(a);
  });

  it('has no key without the header, so nothing is kept', () => {
    expect(idempotentCall(eventWith({}), { subject: 'u1', roles: ['agent'] }, request).key).toBeNull();
  });
});
