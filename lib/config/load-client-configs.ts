import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ClientConfig } from './client-config';

/** Raised when a client file is unreadable or invalid: the message names the file and each field. */
export class ClientConfigError extends Error {
  override readonly name = 'ClientConfigError';
}

/** Reads and validates one `clients/<clientId>.json` file. */
export function loadClientConfig(file: string): ClientConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ClientConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = ClientConfig.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ClientConfigError(`${file}: invalid client configuration\n${lines.join('\n')}`);
  }
  const expectedId = basename(file, '.json');
  if (parsed.data.clientId !== expectedId) {
    throw new ClientConfigError(`${file}: invalid client configuration\n  - clientId: must be "${expectedId}", the file's name`);
  }
  return parsed.data;
}

/** Every client file in a folder, sorted by client id. */
export function loadClientConfigs(dir: string): ClientConfig[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => loadClientConfig(join(dir, name)));
}
