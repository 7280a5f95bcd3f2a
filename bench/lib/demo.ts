import type { ClientConfig } from '../../lib/config/client-config';
import { loadClientConfig } from '../../lib/config/load-client-configs';
import { clientFile } from '../../local/paths';

/** The benchmarks run the demo client (clients/demo.json). */
export const demoConfig: ClientConfig = loadClientConfig(clientFile('demo'));
