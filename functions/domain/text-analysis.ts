/**
 * A small French/English reading of what a customer wrote: the language, the intents (a
 * complaint, a cancellation, an outage, billing) and the sentiment. Lexicon- and rule-based on
 * purpose: predictable, explainable to a supervisor, no model to ship, microseconds per text.
 * It is a signal for routing and for the next agent, not a verdict.
 */
export const intents = ['complaint', 'cancellation', 'outage', 'billing'] as const;
export type Intent = (typeof intents)[number];

/** The languages the lexicons read (`unknown`: neither). */
export const textLanguages = ['fr', 'en', 'unknown'] as const;
export type TextLanguage = (typeof textLanguages)[number];

export const sentiments = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof sentiments)[number];

export interface TextAnalysis {
  language: TextLanguage;
  intents: Intent[];
  /** From -1 (very negative) to 1 (very positive). */
  sentimentScore: number;
  sentiment: Sentiment;
}

/** Phrases are matched on normalised text (lower case, no accents, words separated by one space). */
const intentPhrases: Record<Intent, readonly string[]> = {
  complaint: [
    'complaint',
    'complain',
    'unacceptable',
    'disgrace',
    'scandal',
    'ridiculous',
    'fed up',
    'sick of',
    'worst service',
    'plainte',
    'reclamation',
    'inadmissible',
    'inacceptable',
    'scandale',
    'honteux',
    'ras le bol',
    'marre',
    'lamentable',
  ],
  cancellation: [
    'cancel',
    'terminate my',
    'unsubscribe',
    'close my account',
    'switch provider',
    'switch to another',
    'leave you',
    'resilier',
    'resiliation',
    'annuler mon',
    'desabonner',
    'desabonnement',
    'changer d operateur',
    'changer de fournisseur',
    'vous quitter',
  ],
  outage: [
    'outage',
    'is down',
    'not working',
    'doesn t work',
    'no internet',
    'no signal',
    'no connection',
    'broken',
    'panne',
    'coupure',
    'ne fonctionne pas',
    'ne fonctionne plus',
    'ne marche pas',
    'ne marche plus',
    'plus d internet',
    'pas de reseau',
    'plus de connexion',
  ],
  billing: [
    'bill',
    'invoice',
    'charged',
    'refund',
    'payment',
    'overcharged',
    'facture',
    'prelevement',
    'rembourse',
    'paiement',
    'facture deux fois',
    'trop paye',
  ],
};

/** Word weights; a negation within the three words before flips the sign. */
const sentimentWords: Record<string, number> = {
  // English
  bad: -1,
  terrible: -2,
  awful: -2,
  angry: -2,
  furious: -3,
  disappointed: -2,
  unacceptable: -3,
  worst: -3,
  hate: -3,
  useless: -2,
  annoyed: -2,
  frustrated: -2,
  frustrating: -2,
  ridiculous: -2,
  slow: -1,
  broken: -1,
  never: -1,
  again: -0.5,
  good: 1,
  great: 2,
  thanks: 1,
  thank: 1,
  perfect: 2,
  excellent: 3,
  happy: 2,
  satisfied: 2,
  love: 2,
  helpful: 2,
  quick: 1,
  resolved: 1,
  // French
  mauvais: -1,
  nul: -2,
  nulle: -2,
  horrible: -2,
  enerve: -2,
  furieux: -3,
  decu: -2,
  decue: -2,
  inadmissible: -3,
  inacceptable: -3,
  pire: -3,
  deteste: -3,
  inutile: -2,
  agace: -2,
  frustre: -2,
  lamentable: -3,
  marre: -2,
  honteux: -3,
  lent: -1,
  encore: -0.5,
  bien: 1,
  super: 2,
  merci: 1,
  parfait: 2,
  content: 2,
  contente: 2,
  satisfait: 2,
  satisfaite: 2,
  genial: 2,
  top: 1,
  rapide: 1,
  resolu: 1,
};
const negations = new Set(['not', 'no', 'never', 'dont', 'don', 'isn', 'wasn', 'pas', 'plus', 'jamais', 'aucun', 'aucune', 'ni']);
const intensifiers: Record<string, number> = { very: 1.5, really: 1.5, so: 1.3, extremely: 2, tres: 1.5, vraiment: 1.5, trop: 1.3, completement: 1.5 };
const stopwords = {
  fr: new Set([
    'le',
    'la',
    'les',
    'de',
    'des',
    'du',
    'un',
    'une',
    'et',
    'est',
    'je',
    'mon',
    'ma',
    'mes',
    'pas',
    'que',
    'qui',
    'pour',
    'avec',
    'sur',
    'ne',
    'vous',
    'il',
    'elle',
    'depuis',
    'ai',
    'suis',
    'merci',
    'tout',
    'beaucoup',
    'bonjour',
    'votre',
    'vos',
    'nous',
    'au',
    'aux',
    'ce',
    'cette',
    'dans',
    'mais',
  ]),
  en: new Set([
    'the',
    'a',
    'an',
    'and',
    'is',
    'i',
    'my',
    'not',
    'that',
    'which',
    'for',
    'with',
    'on',
    'you',
    'it',
    'since',
    'have',
    'am',
    'to',
    'of',
    'this',
    'was',
    'thanks',
    'hello',
    'please',
    'your',
    'we',
    'but',
    'in',
    'at',
    'all',
  ]),
};

export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function analyseText(text: string): TextAnalysis {
  const normalised = normaliseText(text);
  const words = normalised.split(' ').filter(Boolean);
  const padded = ` ${normalised} `;
  return {
    language: detectLanguage(words),
    intents: intents.filter((intent) => intentPhrases[intent].some((phrase) => padded.includes(` ${phrase}`))),
    ...sentimentOf(words),
  };
}

function detectLanguage(words: readonly string[]): TextAnalysis['language'] {
  const fr = words.filter((w) => stopwords.fr.has(w)).length;
  const en = words.filter((w) => stopwords.en.has(w)).length;
  if (fr === en) return 'unknown';
  return fr > en ? 'fr' : 'en';
}

function sentimentOf(words: readonly string[]): Pick<TextAnalysis, 'sentimentScore' | 'sentiment'> {
  let total = 0;
  let hits = 0;
  words.forEach((word, index) => {
    const weight = sentimentWords[word];
    if (weight === undefined) return;
    const before = words.slice(Math.max(0, index - 3), index);
    const negated = before.some((w) => negations.has(w));
    const intensity = before.reduce((factor, w) => factor * (intensifiers[w] ?? 1), 1);
    total += (negated ? -weight * 0.8 : weight) * intensity;
    hits++;
  });
  // Squash into [-1, 1]: a couple of strong words is already clearly negative or positive.
  const score = hits === 0 ? 0 : Math.max(-1, Math.min(1, total / (2 + Math.sqrt(hits))));
  const rounded = Math.round(score * 100) / 100;
  return { sentimentScore: rounded, sentiment: rounded <= -0.25 ? 'negative' : rounded >= 0.25 ? 'positive' : 'neutral' };
}

/**
 * What a customer says they already did before contacting support (the "already tried" of the
 * handoff view): restarted, unplugged, reset the equipment, checked its lights or cables.
 */
export const triedActions = ['restart', 'unplug', 'reset', 'check_lights', 'check_cables'] as const;
export type TriedAction = (typeof triedActions)[number];

/** How the handoff view says each one. */
export const triedActionLabels: Record<TriedAction, string> = {
  restart: 'restarted the equipment',
  unplug: 'unplugged it and plugged it back',
  reset: 'reset it',
  check_lights: 'checked the lights',
  check_cables: 'checked the cables',
};

/** Past forms of each action (normalised words), French and English. */
const triedPhrases: Record<TriedAction, readonly string[]> = {
  restart: [
    'redemarre',
    'redemarree',
    'relance',
    'relancee',
    'reboote',
    'rebooter',
    'eteint et rallume',
    'eteint puis rallume',
    'eteinte et rallumee',
    'restarted',
    'rebooted',
    'turned it off and on',
    'switched it off and on',
    'turned off and on',
    'power cycled',
  ],
  unplug: ['debranche', 'debranchee', 'rebranche', 'rebranchee', 'unplugged', 'plugged it back', 'disconnected and reconnected'],
  reset: ['reinitialise', 'reinitialisee', 'remis a zero', 'reset', 'factory reset'],
  check_lights: ['verifie les voyants', 'regarde les voyants', 'controle les voyants', 'checked the lights', 'checked the leds', 'looked at the lights'],
  check_cables: ['verifie les cables', 'verifie le cable', 'verifie les branchements', 'checked the cables', 'checked the cable', 'checked the connections'],
};

/** A past action counts when someone did it: "j'ai", "déjà", "I", "I've", "already" shortly before. */
const triedMarkers = new Set(['ai', 'jai', 'avons', 'avait', 'avais', 'deja', 'i', 've', 'have', 'had', 'already', 'we', 'just', 'ja']);
/** …and not when it is denied or asked: "je n'ai pas redémarré", "should I reset", "how do I reset". */
const triedBlockers = new Set([
  'pas',
  'jamais',
  'not',
  'never',
  't',
  'nt',
  'how',
  'should',
  'can',
  'could',
  'do',
  'comment',
  'dois',
  'faut',
  'pourquoi',
  'if',
  'si',
]);

/** The actions a text says were already done, in the order of `triedActions`. */
export function alreadyTriedActions(text: string): TriedAction[] {
  const words = normaliseText(text).split(' ').filter(Boolean);
  const found = new Set<TriedAction>();
  for (const action of triedActions) {
    for (const phrase of triedPhrases[action]) {
      const parts = phrase.split(' ');
      for (let i = 0; i + parts.length <= words.length; i++) {
        if (!parts.every((part, j) => words[i + j] === part)) continue;
        const before = words.slice(Math.max(0, i - 4), i);
        if (before.some((w) => triedBlockers.has(w))) continue;
        if (before.some((w) => triedMarkers.has(w))) found.add(action);
      }
    }
  }
  return triedActions.filter((action) => found.has(action));
}
