import { describe, expect, it } from 'vitest';
import { buildIndex, loadIndex, query, termsOf } from '../../functions/adapters/search/analysis';
import { snippetOf } from '../../functions/domain/articles';
import type { Language } from '../../functions/domain/channels';
import { sampleArticles } from '../../local/demo-knowledge';

/**
 * The self-care search against the demo's sample knowledge base (clients/demo-knowledge/), with
 * the analysis the index worker and the search function use: each query must find its article
 * among the first three. Articles are named by their key in the sample files.
 */
const relevance: { locale: Language; q: string; expect: string; why: string }[] = [
  // French
  { locale: 'fr', q: 'box internet clignote rouge', expect: 'box-panne', why: 'the seed story' },
  { locale: 'fr', q: 'ma box ne marche plus', expect: 'box-panne', why: 'stop words, stem' },
  { locale: 'fr', q: 'voyant rouge', expect: 'box-panne', why: 'body words' },
  { locale: 'fr', q: 'redemarrer la box', expect: 'box-redemarrer', why: 'no accent' },
  { locale: 'fr', q: 'redémarrage', expect: 'box-redemarrer', why: 'stem of redémarrer' },
  { locale: 'fr', q: 'wifi lent', expect: 'wifi-lent', why: 'title words' },
  { locale: 'fr', q: 'débit internet', expect: 'wifi-lent', why: 'tag' },
  { locale: 'fr', q: 'conection espace client', expect: 'connexion-espace-client', why: 'typo' },
  { locale: 'fr', q: 'connexion', expect: 'connexion-espace-client', why: 'exact' },
  { locale: 'fr', q: 'je n arrive pas à me connecter', expect: 'connexion-espace-client', why: 'verb for the noun' },
  { locale: 'fr', q: 'mot de pase oublie', expect: 'mot-de-passe', why: 'typo, no accent' },
  { locale: 'fr', q: 'factures', expect: 'facture-comprendre', why: 'plural' },
  { locale: 'fr', q: 'comprendre ma facture', expect: 'facture-comprendre', why: 'title' },
  { locale: 'fr', q: 'telecharger factures', expect: 'facture-telecharger', why: 'plural, no accent' },
  { locale: 'fr', q: 'factur', expect: 'facture-comprendre', why: 'prefix while typing' },
  { locale: 'fr', q: 'montant anormal facture', expect: 'facture-erreur', why: 'body' },
  { locale: 'fr', q: 'changer de rib', expect: 'paiement', why: 'lower case of RIB' },
  { locale: 'fr', q: 'prélèvements', expect: 'paiement', why: 'plural with accents' },
  { locale: 'fr', q: 'resilier', expect: 'resiliation', why: 'accent folding, stem' },
  { locale: 'fr', q: 'RÉSILIATION', expect: 'resiliation', why: 'case folding' },
  { locale: 'fr', q: 'résilation abonement', expect: 'resiliation', why: 'two typos' },
  { locale: 'fr', q: 'rendre la box', expect: 'restitution-materiel', why: 'title' },
  { locale: 'fr', q: 'demenagement', expect: 'demenagement', why: 'no accents' },
  { locale: 'fr', q: 'je déménage', expect: 'demenagement', why: 'stem of déménager' },
  { locale: 'fr', q: 'rembou', expect: 'remboursement', why: 'prefix while typing' },
  { locale: 'fr', q: 'remboursment', expect: 'remboursement', why: 'typo' },
  { locale: 'fr', q: 'remboursements', expect: 'remboursement', why: 'plural' },
  { locale: 'fr', q: 'prélevé deux fois', expect: 'remboursement', why: 'body' },
  { locale: 'fr', q: 'sinistre', expect: 'sinistre-declarer', why: 'exact' },
  { locale: 'fr', q: 'declarer un sinistre', expect: 'sinistre-declarer', why: 'no accent' },
  { locale: 'fr', q: 'dégât des eaux', expect: 'sinistre-declarer', why: 'body' },
  { locale: 'fr', q: 'indemnisation', expect: 'sinistre-suivi', why: 'title' },
  { locale: 'fr', q: 'attestation assurance', expect: 'attestation', why: 'title' },
  { locale: 'fr', q: 'panne quartier', expect: 'panne-quartier', why: 'title' },
  { locale: 'fr', q: 'carte sim', expect: 'carte-sim', why: 'title' },
  { locale: 'fr', q: 'decodeur pas d image', expect: 'television', why: 'no accent' },
  // English
  { locale: 'en', q: 'box flashing red', expect: 'box-down', why: 'the seed story' },
  { locale: 'en', q: 'internet down', expect: 'box-down', why: 'title' },
  { locale: 'en', q: 'restart router', expect: 'router-restart', why: 'title' },
  { locale: 'en', q: 'restarting', expect: 'router-restart', why: 'stem' },
  { locale: 'en', q: 'slow wifi', expect: 'slow-wifi', why: 'title' },
  { locale: 'en', q: 'conection', expect: 'login-problem', why: 'typo' },
  { locale: 'en', q: 'cant log in', expect: 'login-problem', why: 'body' },
  { locale: 'en', q: 'forgot passwrd', expect: 'forgot-password', why: 'typo' },
  { locale: 'en', q: 'invoices', expect: 'understand-invoice', why: 'plural' },
  { locale: 'en', q: 'invo', expect: 'understand-invoice', why: 'prefix while typing' },
  { locale: 'en', q: 'download invoice pdf', expect: 'download-invoices', why: 'body' },
  { locale: 'en', q: 'wrong amount on bill', expect: 'dispute-invoice', why: 'title' },
  { locale: 'en', q: 'bank details', expect: 'payment-method', why: 'title' },
  { locale: 'en', q: 'cancel subscription', expect: 'cancel', why: 'title' },
  { locale: 'en', q: 'cancellation', expect: 'cancel', why: 'tag' },
  { locale: 'en', q: 'cancelation', expect: 'cancel', why: 'typo (American spelling)' },
  { locale: 'en', q: 'moving house', expect: 'moving', why: 'title' },
  { locale: 'en', q: 'move to a new home', expect: 'moving', why: 'stem of moving' },
  { locale: 'en', q: 'refunds', expect: 'refund', why: 'plural' },
  { locale: 'en', q: 'refnd', expect: 'refund', why: 'typo' },
  { locale: 'en', q: 'charged twice', expect: 'refund', why: 'body' },
  { locale: 'en', q: 'insurence claim', expect: 'insurance-claim', why: 'typo' },
  { locale: 'en', q: 'water damage', expect: 'insurance-claim', why: 'body' },
  { locale: 'en', q: 'claim settlement', expect: 'claim-tracking', why: 'title' },
  { locale: 'en', q: 'outage in my area', expect: 'area-outage', why: 'title' },
  { locale: 'en', q: 'activate sim', expect: 'sim-activation', why: 'title' },
];

function indexes() {
  const articles = sampleArticles();
  const of = (locale: Language) =>
    articles
      .filter((article) => article.locale === locale)
      .map((article) => ({ articleId: article.key, title: article.title, body: article.body, tags: article.tags, snippet: snippetOf(article.body) }));
  // Serialised and loaded back, as the worker stores it and the search function reads it.
  return {
    fr: loadIndex('fr', JSON.stringify(buildIndex('fr', of('fr')))),
    en: loadIndex('en', JSON.stringify(buildIndex('en', of('en')))),
  };
}

describe('Search relevance on the sample knowledge base', () => {
  const index = indexes();

  it('has at least 30 articles in French and English and 40 queries', () => {
    expect(sampleArticles().length).toBeGreaterThanOrEqual(30);
    expect(new Set(sampleArticles().map((article) => article.locale))).toEqual(new Set(['fr', 'en']));
    expect(relevance.length).toBeGreaterThanOrEqual(40);
  });

  it.each(relevance)('$locale "$q" finds $expect in the top 3 ($why)', ({ locale, q, expect: articleKey }) => {
    const top = query(index[locale], q, 3).map((hit) => hit.articleId);
    expect(top).toContain(articleKey);
  });

  it('drops stop words and folds case and accents', () => {
    expect(termsOf('fr', 'la')).toEqual([]);
    expect(termsOf('en', 'the')).toEqual([]);
    expect(termsOf('fr', 'Résiliation')).toContain('resiliation');
    expect(termsOf('fr', 'resilier')[1]).toBe(termsOf('fr', 'résiliation')[1]);
  });

  it('weighs the title more than the body', () => {
    // "décodeur" is in the title of television and only in the body of resiliation.
    const hits = query(index.fr, 'décodeur', 5).map((hit) => hit.articleId);
    expect(hits[0]).toBe('television');
    const results = query(index.en, 'router', 5);
    expect(results[0]!.articleId).toBe('router-restart');
  });

  it('shows a plain-text snippet: no Markdown marks, cut at a word', () => {
    expect(snippetOf('# Titre\n\nUn **voyant** rouge, *vite*.\n\n1. Un `code`.\n- liste\n> cité [lien](https://x) ![image](y)')).toBe(
      'Titre Un voyant rouge, vite. Un code. liste cité lien',
    );
    expect(snippetOf('mot '.repeat(100), 20)).toBe('mot mot mot mot mot…');
  });

  it('finds nothing for words no article has', () => {
    expect(query(index.fr, 'xylophone', 3)).toEqual([]);
  });
});
