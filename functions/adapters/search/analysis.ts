import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { Language } from '../../domain/channels';

/**
 * The text analysis of the self-care search, per locale, used alike to build the index (the
 * worker), to query it (the search function), in the relevance test and in the benchmark:
 * - case and accent folding: "Résiliation" and "resiliation" are one word;
 * - stop words of the locale (@orama/stopwords) are dropped;
 * - each word is indexed twice, folded and stemmed (@orama/stemmers' Snowball stemmers, applied to
 *   the accented word, which is what they are written for, then folded): "factures" finds
 *   "facture", "refunds" finds "refund";
 * - queries match by prefix ("rembou" while typing) and with typos (one edit per five letters,
 *   "remboursment", "conection");
 * - the title weighs more than the tags, which weigh more than the body.
 */
const stemmers: Record<Language, (word: string) => string> = { fr: frenchStemmer, en: englishStemmer };

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const stopwordSets: Record<Language, Set<string>> = {
  fr: new Set([...frenchStopwords, ...frenchStopwords.map(fold)]),
  en: new Set([...englishStopwords, ...englishStopwords.map(fold)]),
};

/** The terms one word becomes in a locale: none for a stop word, else its folded form and its folded stem. */
export function termsOf(locale: Language, word: string): string[] {
  const lower = word.toLowerCase();
  const folded = fold(lower);
  if (folded.length === 0 || stopwordSets[locale].has(lower) || stopwordSets[locale].has(folded)) return [];
  const stem = fold(stemmers[locale](lower));
  return stem && stem !== folded ? [folded, stem] : [folded];
}

/** Words: runs of letters and digits (an apostrophe splits "l'abonnement", a hyphen "se-connecter"). */
const tokenize = (text: string): string[] => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** What each indexed article keeps beside its terms: what a result shows. */
export const storedFields = ['title', 'snippet'] as const;

export function indexOptions(locale: Language): Options {
  return {
    idField: 'articleId',
    fields: ['title', 'tags', 'body'],
    storeFields: [...storedFields],
    extractField: (document, field) => {
      const value = (document as Record<string, unknown>)[field];
      return Array.isArray(value) ? value.join(' ') : (value as string);
    },
    tokenize,
    processTerm: (term) => termsOf(locale, term),
    searchOptions: searchOptions(),
  };
}

function searchOptions(): SearchOptions {
  return {
    boost: { title: 3, tags: 2, body: 1 },
    // Prefix from three letters ("fac", "rembou"); typo tolerance from five, one edit per five letters.
    prefix: (term) => term.length >= 3,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    maxFuzzy: 2,
    combineWith: 'OR',
  };
}

export interface IndexDocument {
  articleId: string;
  title: string;
  body: string;
  tags: string[];
  snippet: string;
}

/** Builds a locale's index in memory. */
export function buildIndex(locale: Language, documents: readonly IndexDocument[]): MiniSearch<IndexDocument> {
  const index = new MiniSearch<IndexDocument>(indexOptions(locale));
  index.addAll(documents as IndexDocument[]);
  return index;
}

/** Loads a serialised index (MiniSearch.toJSON) of a locale. */
export function loadIndex(locale: Language, json: string): MiniSearch<IndexDocument> {
  return MiniSearch.loadJSON<IndexDocument>(json, indexOptions(locale));
}

/** The best hits for a query, best first. */
export function query(index: MiniSearch<IndexDocument>, text: string, limit: number) {
  return index
    .search(text)
    .slice(0, limit)
    .map((result) => ({
      articleId: String(result.id),
      title: String(result.title),
      snippet: String(result.snippet),
      score: Math.round(result.score * 1000) / 1000,
    }));
}
