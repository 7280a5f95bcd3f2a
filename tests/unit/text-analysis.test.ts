import { describe, expect, it } from 'vitest';
import { analyseText } from '../../functions/domain/text-analysis';

describe('Function: analyseText', () => {
  it.each([
    [
      "C'est inadmissible, ma box est en panne depuis trois jours. Je veux résilier mon abonnement !",
      'fr',
      ['complaint', 'cancellation', 'outage'],
      'negative',
    ],
    ['This is unacceptable. My internet is down again and I want to cancel my contract.', 'en', ['complaint', 'cancellation', 'outage'], 'negative'],
    ['Merci beaucoup, tout fonctionne parfaitement maintenant, super service.', 'fr', [], 'positive'],
    ['Thanks, the engineer was very helpful and quick.', 'en', [], 'positive'],
    ['Je voudrais une copie de ma facture de mars.', 'fr', ['billing'], 'neutral'],
    ['I was charged twice on my last invoice.', 'en', ['billing'], 'neutral'],
  ] as const)('%s', (text, language, intents, sentiment) => {
    const analysis = analyseText(text);

    expect(analysis.language).toBe(language);
    expect(analysis.intents).toEqual(intents);
    expect(analysis.sentiment).toBe(sentiment);
  });

  it('reads a negation: "not happy" and "pas content" are negative, "not bad" is not', () => {
    expect(analyseText('I am not happy with this at all').sentiment).toBe('negative');
    expect(analyseText('Je ne suis pas content du tout').sentiment).toBe('negative');
    expect(analyseText('not bad').sentimentScore).toBeGreaterThan(0);
  });

  it('reads intensity: "very angry" weighs more than "angry"', () => {
    expect(analyseText('I am very angry').sentimentScore).toBeLessThan(analyseText('I am angry').sentimentScore);
  });

  it('stays neutral and unknown on text it has no words for', () => {
    expect(analyseText('12345 ?!')).toEqual({ language: 'unknown', intents: [], sentimentScore: 0, sentiment: 'neutral' });
  });
});
