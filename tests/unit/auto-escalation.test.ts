import { describe, expect, it } from 'vitest';
import { automaticEscalation } from '../../functions/domain/auto-escalation';
import { analyseText } from '../../functions/domain/text-analysis';

const rules = { repeatContact: { withinDays: 3, tier: 2 }, negativeComplaintOrCancellation: { tier: 3 } };

describe('Function: automaticEscalation', () => {
  it('escalates a negative complaint at its tier, ahead of the repeat-contact rule', () => {
    expect(automaticEscalation(rules, { analysis: analyseText('This is unacceptable, I want to cancel.'), recentContactsOnCase: 2 })).toEqual({
      tier: 3,
      reason: 'Automatic: complaint and cancellation in a negative tone',
    });
  });

  it('escalates a repeat contact, and nothing else', () => {
    expect(automaticEscalation(rules, { analysis: analyseText('Any news about my line?'), recentContactsOnCase: 1 })?.tier).toBe(2);
    expect(automaticEscalation(rules, { analysis: analyseText('Any news about my line?'), recentContactsOnCase: 0 })).toBeUndefined();
  });

  it('does not escalate a complaint said calmly, nor anything when the client has no rules', () => {
    expect(automaticEscalation(rules, { analysis: analyseText('I would like to make a complaint about the bill.'), recentContactsOnCase: 0 })).toBeUndefined();
    expect(automaticEscalation({}, { analysis: analyseText('This is unacceptable, I want to cancel.'), recentContactsOnCase: 5 })).toBeUndefined();
  });
});

describe('Function: automaticEscalation, VIP rule', () => {
  const withVip = { ...rules, vip: { tier: 2 } };

  it('escalates any contact of a VIP customer, after the complaint rule', () => {
    expect(automaticEscalation(withVip, { analysis: analyseText('Any news about my line?'), recentContactsOnCase: 0, vip: true })).toEqual({
      tier: 2,
      reason: 'Automatic: VIP customer',
    });
    expect(automaticEscalation(withVip, { analysis: analyseText('This is unacceptable, I want to cancel.'), recentContactsOnCase: 0, vip: true })?.tier).toBe(
      3,
    );
    expect(automaticEscalation(withVip, { analysis: analyseText('Any news about my line?'), recentContactsOnCase: 0, vip: false })).toBeUndefined();
    expect(automaticEscalation(rules, { analysis: analyseText('Any news about my line?'), recentContactsOnCase: 0, vip: true })).toBeUndefined();
  });
});
