import type { TextAnalysis } from './text-analysis';

/** The automatic escalation rules of a client (config `routing.automatic`). */
export interface AutomaticEscalationRules {
  repeatContact?: { withinDays: number; tier: number };
  negativeComplaintOrCancellation?: { tier: number };
  vip?: { tier: number };
}

export interface ContactFacts {
  analysis?: TextAnalysis;
  /** Other contacts on the same case within the repeat-contact window. */
  recentContactsOnCase: number;
  /** The customer is flagged VIP on their profile. */
  vip?: boolean;
}

/**
 * Whether a contact on an open case should escalate it, and why. The complaint rule wins (its
 * tier is usually the higher one), then VIP status, then a repeat contact.
 */
export function automaticEscalation(rules: AutomaticEscalationRules, facts: ContactFacts): { tier: number; reason: string } | undefined {
  const analysis = facts.analysis;
  if (rules.negativeComplaintOrCancellation && analysis?.sentiment === 'negative') {
    const matched = analysis.intents.filter((intent) => intent === 'complaint' || intent === 'cancellation');
    if (matched.length) return { tier: rules.negativeComplaintOrCancellation.tier, reason: `Automatic: ${matched.join(' and ')} in a negative tone` };
  }
  if (rules.vip && facts.vip) return { tier: rules.vip.tier, reason: 'Automatic: VIP customer' };
  if (rules.repeatContact && facts.recentContactsOnCase > 0) {
    return { tier: rules.repeatContact.tier, reason: `Automatic: contact again within ${rules.repeatContact.withinDays} days on an open case` };
  }
  return undefined;
}
