import { describe, expect, it } from 'vitest';
import { identitiesOf, normaliseEmail, normalisePhone } from '../../functions/domain/identities';
import { identityList, withIdentities, emptyIdentities, unvouchedIdentities } from '../../functions/domain/customers';
import { oldestOccurredAt } from '../../functions/domain/interactions';

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

describe('Function: unvouchedIdentities', () => {
  const own = { emails: ['own@example.com'], phones: [], externalIds: [], social: [] };

  it('lets a customer use what their token verified or their profile holds, and nothing else', () => {
    const offered = [
      { kind: 'email' as const, value: 'own@example.com' },
      { kind: 'email' as const, value: 'verified@example.com' },
      { kind: 'phone' as const, value: '+33612345678' },
      { kind: 'externalId' as const, value: 'CRM-1' },
    ];
    expect(unvouchedIdentities(offered, own, { email: 'verified@example.com' })).toEqual([
      { kind: 'phone', value: '+33612345678' },
      { kind: 'externalId', value: 'CRM-1' },
    ]);
    expect(unvouchedIdentities(offered.slice(0, 1), undefined)).toEqual(offered.slice(0, 1));
  });
});

describe('Function: oldestOccurredAt', () => {
  const now = new Date('2026-12-01T12:00:00Z');

  it('lets customers date a contact only as it happens, staff within a day, integrations within the import window', () => {
    expect(oldestOccurredAt(['customer'], now, 30).at.toISOString()).toBe('2026-12-01T11:55:00.000Z');
    expect(oldestOccurredAt(['agent'], now, 30).at.toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(oldestOccurredAt(['integration'], now, 30).at.toISOString()).toBe('2026-11-01T12:00:00.000Z');
    // The most trusted role of the token decides.
    expect(oldestOccurredAt(['customer', 'integration'], now, 10).at.toISOString()).toBe('2026-11-21T12:00:00.000Z');
  });
});
