import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClientConfig, loadClientConfigs } from '../../lib/config/load-client-configs';

const clientsDir = join(import.meta.dirname, '../../clients');
const demo = JSON.parse(readFileSync(join(clientsDir, 'demo.json'), 'utf8'));

function writeClient(name: string, content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'clients-')), `${name}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('Function: loadClientConfig', () => {
  it('accepts every shipped client file, including the demo used by the local runtime', () => {
    const configs = loadClientConfigs(clientsDir);

    expect(configs.map((c) => c.clientId)).toContain('demo');
    expect(configs.length).toBeGreaterThanOrEqual(3);
    expect(new Set(configs.map((c) => c.stage))).toEqual(new Set(['dev', 'prod']));
  });

  it('names the file and each invalid field', () => {
    const file = writeClient('demo', { ...demo, channels: ['chat', 'pigeon'], throttling: { rateLimit: -1, burstLimit: 10 } });

    const message = (() => {
      try {
        loadClientConfig(file);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();

    expect(message.startsWith(`${file}: invalid client configuration`)).toBe(true);
    expect(message).toMatch(/- channels\.1: Invalid option/);
    expect(message).toMatch(/- throttling\.rateLimit: /);
  });

  it('refuses a client id that differs from the file name', () => {
    const file = writeClient('other', demo);

    expect(() => loadClientConfig(file)).toThrow(/clientId: must be "other"/);
  });

  it('refuses a config with both or neither auth modes, and malformed JSON', () => {
    const both = writeClient('demo', { ...demo, auth: { cognito: { createUserPool: true }, jwt: { issuer: 'https://idp.example/x', audience: ['a'] } } });

    expect(() => loadClientConfig(both)).toThrow(/auth: set exactly one/);
    expect(() => loadClientConfig(writeClient('demo', '{ "clientId": '))).toThrow(/not valid JSON/);
  });

  it('requires the cognito:groups role claim when the stack creates the user pool', () => {
    const file = writeClient('demo', { ...demo, auth: { cognito: { createUserPool: true }, roleClaim: 'role' } });

    expect(() => loadClientConfig(file)).toThrow(/auth\.roleClaim: with auth\.cognito, roleClaim must be "cognito:groups"/);
  });
});
