import { describe, expect, it } from 'vitest';
import { applyCaseUpdate, CaseRuleViolation, type SupportCase } from '../../functions/domain/cases';

const openCase = (overrides: Partial<SupportCase> = {}): SupportCase => ({
  caseId: 'case_01JAAAAAAAAAAAAAAAAAAAAAAA',
  customerId: 'cus_1',
  subject: 'Internet box down',
  status: 'open',
  priority: 'normal',
  openedAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-20T08:00:00.000Z',
  reopenCount: 0,
  version: 1,
  ...overrides,
});
const now = '2026-11-22T10:00:00.000Z';

describe('Function: applyCaseUpdate', () => {
  it('resolves a case: records when, reports the change and bumps the version', () => {
    const { next, changes, reopened } = applyCaseUpdate(openCase(), { status: 'resolved' }, now);

    expect(next).toMatchObject({ status: 'resolved', resolvedAt: now, updatedAt: now, version: 2 });
    expect(changes).toEqual({ status: { from: 'open', to: 'resolved' } });
    expect(reopened).toBe(false);
  });

  it('reopens a closed case: clears the resolution, counts the reopen', () => {
    const closed = openCase({ status: 'closed', resolvedAt: now, closedAt: now, version: 4 });

    const { next, reopened } = applyCaseUpdate(closed, { status: 'open' }, now);

    expect(reopened).toBe(true);
    expect(next.status).toBe('open');
    expect(next.reopenCount).toBe(1);
    expect(next.resolvedAt).toBeUndefined();
    expect(next.closedAt).toBeUndefined();
  });

  it.each([
    ['closed', 'pending'],
    ['closed', 'resolved'],
    ['resolved', 'pending'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(() => applyCaseUpdate(openCase({ status: from }), { status: to }, now)).toThrow(CaseRuleViolation);
  });

  it('refuses to change a closed case without reopening it, naming the field', () => {
    const attempt = () => applyCaseUpdate(openCase({ status: 'closed' }), { priority: 'urgent' }, now);

    expect(attempt).toThrow(expect.objectContaining({ field: 'priority' }));
  });

  it('changes nothing (same version, no changes) when every value is already current', () => {
    const current = openCase({ assigneeId: 'agent-7' });

    const { next, changes } = applyCaseUpdate(current, { status: 'open', priority: 'normal', assigneeId: 'agent-7' }, now);

    expect(changes).toEqual({});
    expect(next).toEqual(current);
  });

  it('unassigns with null and reports from/to', () => {
    const { next, changes } = applyCaseUpdate(openCase({ assigneeId: 'agent-7' }), { assigneeId: null, priority: 'high' }, now);

    expect(next.assigneeId).toBeUndefined();
    expect(changes).toEqual({ assigneeId: { from: 'agent-7', to: null }, priority: { from: 'normal', to: 'high' } });
  });
});
