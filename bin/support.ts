import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { ClientConfigError, loadClientConfigs } from '../lib/config/load-client-configs';
// The same Vite build npm start serves: what a client with frontEnds deploys.
import { buildUi } from '../local/build-ui';

/**
 * The CDK app (cdk.json runs it): one `Support-<clientId>` stack per `clients/*.json`.
 * `-c clientsDir=<folder>` reads the client files from another folder.
 *
 * An invalid client file stops the synth with its validation message (the file, then each wrong
 * field) and exit code 1, not a stack trace: whoever edits a client file reads what to fix.
 */
const app = new App();
const clientsDir = resolve(app.node.tryGetContext('clientsDir') ?? join(import.meta.dirname, '..', 'clients'));
try {
  const configs = loadClientConfigs(clientsDir);
  // Built once per synth, only when a client deploys the front ends (the asset must exist at synth).
  const webDir = configs.some((config) => config.frontEnds.enabled) ? await buildUi(join(import.meta.dirname, '..', '.build', 'web')) : undefined;
  buildApp(configs, app, webDir ? { webDir } : {}).app.synth();
} catch (error) {
  if (!(error instanceof ClientConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
