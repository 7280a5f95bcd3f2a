import { join } from 'node:path';
import { ClientConfigError, loadClientConfigs } from '../lib/config/load-client-configs';
import { buildApp } from '../lib/app';

try {
  buildApp(loadClientConfigs(join(import.meta.dirname, '..', 'clients'))).app.synth();
} catch (error) {
  if (error instanceof ClientConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
