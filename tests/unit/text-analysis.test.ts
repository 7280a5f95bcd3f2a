import { describe, expect, it } from 'vitest';
import { alreadyTriedActions, analyseText } from '../../functions/domain/text-analysis';

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

describe('alreadyTriedActions: what the customer says they already did, French and English', () => {
  it.each([
    ["J'ai redémarré la box", ['restart']],
    ['jai redemarre la box ce matin', ['restart']],
    ['Déjà débranché et rebranché, rien', ['unplug']],
    ["J'ai déjà débranché la box deux fois", ['unplug']],
    ['La box a déjà été redémarrée trois fois', ['restart']],
    ["Je l'ai réinitialisée hier", ['reset']],
    ["J'ai vérifié les voyants, ils sont rouges", ['check_lights']],
    ["J'ai vérifié les câbles", ['check_cables']],
    ["J'ai éteint et rallumé le modem", ['restart']],
    ['I already reset the router', ['reset']],
    ['I restarted the box twice', ['restart']],
    ["I've rebooted it and unplugged it", ['restart', 'unplug']],
    ['We turned it off and on again', ['restart']],
    ['I have checked the lights and the cables', ['check_lights']],
    ['I checked the cables, all fine', ['check_cables']],
    ["I've power cycled the modem", ['restart']],
    ['Already unplugged it', ['unplug']],
  ] as const)('%s → %j', (text, expected) => {
    expect(alreadyTriedActions(text)).toEqual(expected);
  });

  it.each([
    'Should I restart the box?',
    'How do I reset the router?',
    "Je n'ai pas redémarré la box",
    'Comment redémarrer la box ?',
    "I haven't restarted it yet",
    'I never unplugged it',
    'Faut-il débrancher la box ?',
    'Ma box clignote rouge depuis ce matin',
    'Restart your box please',
    'Si je redémarre, je perds mes réglages ?',
  ])('nothing tried in: %s', (text) => {
    expect(alreadyTriedActions(text)).toEqual([]);
  });
});
