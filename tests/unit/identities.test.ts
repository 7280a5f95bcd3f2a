import { describe, expect, it } from 'vitest';
import { identitiesOf, normaliseEmail, normalisePhone } from '../../functions/domain/identities';
import { identityList, withIdentities, emptyIdentities } from '../../functions/domain/customers';

describe('Function: normalisePhone', () => {
  it.each([
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33.6.12.34.56.78', '+33612345678'],
    ['0033 (6) 12-34-56-78', '+33612345678'],
    ['+1 (415) 555-0100', '+14155550100'],
  ])('normalises %s to E.164', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each(['06 12 34 56 78', '+0612345678', '+33 6 12', 'call me', '+336123456789012345'])('refuses %s (no country code or not a number)', (input) => {
    expect(normalisePhone(input)).toBeUndefined();
  });
});

describe('Function: identitiesOf', () => {
  it('normalises each identity so two channels typing the same person produce the same keys', () => {
    // Act
    const fromEmail = identitiesOf({ email: '  Jeanne.Martin@Example.COM ' });
    const fromChat = identitiesOf({ email: 'jeanne.martin@example.com' });

    // Assess
    expect(fromEmail).toEqual(fromChat);
    expect(normaliseEmail('A@B.fr')).toBe('a@b.fr');
  });

  it('orders identities by trust: CRM reference, email, phone, social', () => {
    const identities = identitiesOf({ social: { network: 'x', handle: '@Jeanne' }, phone: '+33612345678', email: 'j@x.fr', externalId: 'CRM-1' });

    expect(identities.map((identity) => identity.kind)).toEqual(['externalId', 'email', 'phone', 'social']);
    expect(identities[3]).toEqual({ kind: 'social', value: 'x:jeanne' });
  });
});

describe('Function: withIdentities', () => {
  it('adds new identities once and keeps the ones already there', () => {
    // Prepare
    const start = withIdentities(emptyIdentities(), [{ kind: 'email', value: 'j@x.fr' }]);

    // Act
    const next = withIdentities(start, [
      { kind: 'email', value: 'j@x.fr' },
      { kind: 'phone', value: '+33612345678' },
      { kind: 'social', value: 'x:jeanne' },
    ]);

    // Assess
    expect(next).toEqual({ emails: ['j@x.fr'], phones: ['+33612345678'], externalIds: [], social: [{ network: 'x', handle: 'jeanne' }] });
    expect(identityList(next)).toHaveLength(3);
  });
});
