import { parseArgs } from 'node:util';
import { loadClientConfig } from '../lib/config/load-client-configs';
import { roles } from '../functions/domain/roles';
import { buildUi } from './build-ui';
import { seedDemoKnowledge } from './demo-knowledge';
import { clientFile, dataDirOf, devKeysFile } from './paths';
import { startLocalRuntime } from './runtime';
import { seedSelfcareFlows } from './selfcare-seed';

/**
 * `npm start`: the whole backend on this machine. Options (after `npm start --`):
 *   --in-memory      keep no data between runs (default: data under .local/<client>/)
 *   --port N         gateway port (default 3000)
 *   --client ID      which clients/<ID>.json to run (default demo)
 *   --quiet          no request and event log lines
 */
const { values } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: false },
    port: { type: 'string', default: '3000' },
    client: { type: 'string', default: 'demo' },
    quiet: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
const loaded = loadClientConfig(clientFile(values.client));
// The survey link of a resolved notice opens the reference survey page served here, so the whole
// loop (resolve → link → answer → KPIs) can be walked locally; a brand's own page on AWS.
const config = loaded.surveys ? { ...loaded, surveys: { ...loaded.surveys, pageUrl: `http://localhost:${port}/ui/survey.html?token={token}` } } : loaded;
const demoCustomerId = 'demo-customer-1';
const started = Date.now();
// The reference front ends, built once (web/, Vite) and served under /ui/ as CloudFront would.
const uiDir = await buildUi();
const runtime = await startLocalRuntime({
  config,
  uiDir,
  port,
  ...(values['in-memory'] ? {} : { dataDir: dataDirOf(config.clientId) }),
  devKeysFile,
  log: values.quiet ? undefined : (line) => console.log(`  ${line}`),
}).catch((error: Error) => {
  // Everything already started has been stopped; say why in one line.
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});

// The demo's sample knowledge base (clients/demo-knowledge/), published through the API: the index
// worker builds the search. Then the demo self-care content (clients/<client>-selfcare/): the guided
// flows, whose answers link to those articles.
const knowledge =
  config.clientId === 'demo' ? await seedDemoKnowledge(runtime.url, await runtime.token('supervisor')) : { published: 0, ids: new Map<string, string>() };
const seeded = knowledge.published;
const flowsLoaded = await seedSelfcareFlows(runtime, config.clientId, knowledge.ids);

const tokens = await Promise.all(roles.map(async (role) => [role, await runtime.token(role, role === 'customer' ? demoCustomerId : undefined)] as const));
console.log(`
Support backend for "${config.displayName}" is up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${runtime.url}
  data: ${values['in-memory'] ? 'in memory (gone at exit)' : dataDirOf(config.clientId)}
  OpenAPI: ${runtime.url}/openapi.json
  self-care widget (demo page): ${runtime.url}/ui/demo.html
  agent desktop: ${runtime.url}/ui/desktop.html
  supervisor view (KPIs, incidents, surges): ${runtime.url}/ui/supervisor.html
  survey page: the link of a resolved case's notice (${runtime.url}/ui/survey.html?token=…)
  local console (bus, queues, webhooks): ${runtime.url}/ui/console.html
  self-care: ${flowsLoaded} guided flows (GET ${runtime.url}/flows/internet-box-down-fr)

Dev tokens (8 h; more with: npm run --silent token -- <role> [customerId]):
${tokens.map(([role, token]) => `  ${role.padEnd(12)}${role === 'customer' ? ` (${demoCustomerId})` : ''}\n    ${token}`).join('\n')}

Try:
  TOKEN=$(npm run --silent token -- agent)
  curl -s -X POST ${runtime.url}/interactions -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"channel":"chat","direction":"inbound","customer":{"email":"jeanne@example.com"},"text":"My internet box is down; I restarted it."}'
  curl -s '${runtime.url}/selfcare/search?locale=fr&q=box%20internet%20clignote%20rouge'   # no token: the self-care search${seeded ? ` (${seeded} sample articles published)` : ''}

Ctrl-C stops everything (DynamoDB Local included).
`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  await runtime.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
