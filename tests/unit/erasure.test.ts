import { describe, expect, it } from 'vitest';
import { anonymisedCase, erasureDueBy } from '../../functions/domain/erasure';

describe('Function: erasureDueBy', () => {
  it('is one calendar month later (GDPR art. 12(3)), on the last day of a shorter month', () => {
    expect(erasureDueBy(new Date('2026-03-15T10:00:00Z'))).toBe('2026-04-15T10:00:00.000Z');
    expect(erasureDueBy(new Date('2027-01-31T10:00:00Z'))).toBe('2027-02-28T10:00:00.000Z');
    expect(erasureDueBy(new Date('2028-01-31T10:00:00Z'))).toBe('2028-02-29T10:00:00.000Z');
    expect(erasureDueBy(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-31T23:00:00.000Z');
  });
});

describe('Function: anonymisedCase', () => {
  it('keeps status, priority, times, queue and SLA; drops what someone typed', () => {
    const supportCase = {
      caseId: 'case_1',
      customerId: 'cus_1',
      subject: 'My name is Jeanne',
      description: 'Call me on 0612345678',
      status: 'resolved' as const,
      priority: 'high' as const,
      openedAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-02T00:00:00Z',
      reopenCount: 0,
      version: 3,
    };
    expect(anonymisedCase(supportCase)).toEqual({ ...supportCase, subject: '[erased]', description: undefined });
    expect('description' in anonymisedCase(supportCase)).toBe(false);
  });
});
