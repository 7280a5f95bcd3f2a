import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildSync, type Metafile } from 'esbuild';
import { buildIndex, type IndexDocument, loadIndex, query } from '../../functions/adapters/search/analysis';
import { chunkBytes } from '../../functions/adapters/search/search-index-store';
import { functions } from '../../functions/definition/functions';
import { snippetOf } from '../../functions/domain/articles';
import { bundleFunction, bundleWeight, lambdaBuildOptions, repoRoot } from '../../lib/bundling';
import { sampleArticles } from '../../local/demo-knowledge';
import { budgets } from '../budgets';
import { appendResults, median, percentile, printTable } from '../lib/report';

/** What customers type, typos and unfinished words included (the relevance test has the full table). */
const queries = [
  'box internet clignote rouge',
  'resilier',
  'remboursment',
  'rembou',
  'factures',
  'conection espace client',
  'demenagement',
  'déclarer un sinistre',
  'mot de pase oublie',
  'wifi lent',
  'prélèvements',
  'attestation assurance',
  'decodeur pas d image',
  'panne quartier',
  'carte sim',
  'télécharger facture',
];

/**
 * The self-care search at the size of a real knowledge base: 2,000 French articles generated from
 * the demo's sample (each sample article in 100 variants: another article's text mixed in, and
 * words of its own), indexed with the analysis the worker uses. Reports the index build time, its
 * size (raw JSON and gzip, and the DynamoDB chunks it takes), the cold load a search function pays
 * (gunzip + MiniSearch.loadJSON), query times, and the search function's bundle.
 */
export async function search({ smoke }: { smoke: boolean }) {
  const count = smoke ? 200 : 2_000;
  const loads = smoke ? 3 : 10;
  const rounds = smoke ? 5 : 60;
  const documents = generate(count);

  const buildStarted = performance.now();
  const index = buildIndex('fr', documents);
  const buildMs = performance.now() - buildStarted;
  const raw = Buffer.from(JSON.stringify(index), 'utf8');
  const zipped = gzipSync(raw);
  const text = documents.reduce((sum, d) => sum + Buffer.byteLength(d.title + d.body, 'utf8'), 0);

  const loadTimes: number[] = [];
  for (let i = 0; i < loads; i++) {
    const started = performance.now();
    loadIndex('fr', gunzipSync(zipped).toString('utf8'));
    loadTimes.push(performance.now() - started);
  }
  const loaded = loadIndex('fr', gunzipSync(zipped).toString('utf8'));
  const queryTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const started = performance.now();
      query(loaded, q, 10);
      queryTimes.push(performance.now() - started);
    }
  }

  const entry = functions.searchArticles.entry;
  const bundleKb = bundleWeight(bundleFunction(entry)).initialBytes / 1024;
  const searchLibraryKb = libraryKb(entry);
  const coldLoadMs = median(loadTimes);
  const p99 = percentile(queryTimes, 99);
  const figures = {
    articles: count,
    textKb: round(text / 1024),
    buildMs: round(buildMs),
    indexRawKb: round(raw.length / 1024),
    indexGzipKb: round(zipped.length / 1024),
    chunks: Math.ceil(zipped.length / chunkBytes),
    coldLoadMs: round(coldLoadMs, 1),
    queryP50Ms: round(percentile(queryTimes, 50), 2),
    queryP99Ms: round(p99, 2),
    queries: queryTimes.length,
    bundleKb: round(bundleKb),
    searchLibrariesKb: round(searchLibraryKb),
  };
  printTable(
    `Search (${count} articles; budgets: cold load < ${budgets.search.coldLoadMs} ms, p99 query < ${budgets.search.p99QueryMs} ms)`,
    Object.entries(figures).map(([figure, value]) => ({
      figure,
      value,
      budget: figure === 'coldLoadMs' ? pass(coldLoadMs < budgets.search.coldLoadMs) : figure === 'queryP99Ms' ? pass(p99 < budgets.search.p99QueryMs) : '',
    })),
  );
  appendResults('search', figures);
}

const pass = (ok: boolean) => (ok ? 'pass' : 'miss');

/** `count` French articles: the sample's, each varied with another's text and words of its own. */
function generate(count: number): IndexDocument[] {
  const base = sampleArticles().filter((article) => article.locale === 'fr');
  const vocabulary = [...new Set(base.flatMap((article) => article.body.split(/[^\p{L}]+/u)).filter((word) => word.length > 3))];
  return Array.from({ length: count }, (_, i) => {
    const article = base[i % base.length]!;
    const other = base[(i * 7 + 3) % base.length]!;
    const words = Array.from({ length: 40 }, (_, w) => vocabulary[(i * 31 + w * 17) % vocabulary.length]).join(' ');
    const body = `${article.body}\n\n${other.body}\n\n${words} offre-${i} modele-${i % 97}`;
    return { articleId: `art_${String(i).padStart(6, '0')}`, title: `${article.title} (${i})`, body, tags: article.tags, snippet: snippetOf(body) };
  });
}

/** KB of the search function's bundle that MiniSearch and the stemmers and stop words account for. */
function libraryKb(entry: string): number {
  const { metafile } = buildSync({
    ...lambdaBuildOptions,
    entryPoints: [join(repoRoot, entry)],
    write: false,
    outdir: '/tmp/bench-search-meta',
    metafile: true,
  });
  let bytes = 0;
  for (const output of Object.values((metafile as Metafile).outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) if (/node_modules\/(minisearch|@orama)\//.test(path)) bytes += input.bytesInOutput;
  }
  return bytes / 1024;
}

function round(value: number, digits = 0): number {
  return Number(value.toFixed(digits));
}
