import { join, resolve } from 'node:path';

/** Where the local runtime keeps its state: git-ignored, under the repository root. */
export const repoRoot = resolve(import.meta.dirname, '..');
export const localDir = join(repoRoot, '.local');
export const devKeysFile = join(localDir, 'dev-jwt-key.json');
export const clientsDir = join(repoRoot, 'clients');

export function dataDirOf(clientId: string): string {
  return join(localDir, clientId);
}

export function clientFile(clientId: string): string {
  return join(clientsDir, `${clientId}.json`);
}
