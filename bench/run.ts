import { parseArgs } from 'node:util';

/**
 * `npm run bench -- [suite...] [--smoke]`: runs the named suites (no name: all quick ones),
 * prints their tables and appends their figures to bench/results/results.json. `--smoke` runs a
 * tiny version of each, to prove the suites still work without waiting for real figures.
 */

// The handlers run in this process (as in `npm start`): Powertools in dev mode keeps metrics
// output off the console. Set before any suite loads a handler module.
process.env.POWERTOOLS_DEV ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

type Suite = (options: { smoke: boolean }) => Promise<unknown>;
const suites: Record<string, () => Promise<Suite>> = {
  coldstart: async () => (await import('./suites/coldstart')).coldstart,
  capacity: async () => (await import('./suites/capacity')).capacity,
  cost: async () => (await import('./suites/cost')).cost,
  api: async () => (await import('./suites/api')).api,
  escalations: async () => (await import('./suites/escalations')).escalations,
  incident: async () => (await import('./suites/incident')).incident,
  search: async () => (await import('./suites/search')).search,
  kpis: async () => (await import('./suites/kpis')).kpis,
  spike: async () => (await import('./suites/spike')).spike,
  scale: async () => (await import('./suites/scale')).scale,
};
/** Later suites (escalations, incident, kpis, spike: minutes each; scale: a model) run only when named. */
const quick = ['coldstart', 'capacity', 'cost', 'api', 'search'];

const { values, positionals } = parseArgs({ allowPositionals: true, options: { smoke: { type: 'boolean', default: false } } });
const chosen = positionals.length ? positionals : quick;
const unknown = chosen.filter((name) => !(name in suites));
if (unknown.length) {
  console.error(`unknown suite(s) ${unknown.join(', ')}; suites: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
try {
  for (const name of chosen) await (await suites[name]!())({ smoke: values.smoke });
} finally {
  await (await import('./lib/runtime')).stopBenchRuntime();
}
