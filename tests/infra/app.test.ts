import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/bundling';
import { ClientConfigError, loadClientConfigs } from '../../lib/config/load-client-configs';

const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  tempDirs.push(mkdtempSync(join(tmpdir(), prefix)));
  return tempDirs.at(-1)!;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A clients folder holding one copy of clients/demo.json, changed by `edit`. */
function clientsFolder(edit: (config: Record<string, any>) => void, fileName = 'demo.json'): { dir: string; file: string } {
  const config = JSON.parse(readFileSync(join(repoRoot, 'clients', 'demo.json'), 'utf8'));
  edit(config);
  const dir = tempDir('support-clients-');
  const file = join(dir, fileName);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return { dir, file };
}

/** Runs bin/support.ts (what `cdk synth` runs) on a clients folder, writing the assembly to a temporary folder. */
function synth(clientsDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/support.ts'], {
    cwd: repoRoot,
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ clientsDir }), CDK_OUTDIR: tempDir('support-out-') },
    encoding: 'utf8',
  });
}

describe('App: bin/support.ts', () => {
  it('rejects an unknown channel and a bad throttling value, naming the file and each field', () => {
    // Prepare
    const { dir, file } = clientsFolder((config) => {
      config.channels = ['email', 'carrier-pigeon'];
      config.throttling.rateLimit = 0;
    });

    // Act
    const load = () => loadClientConfigs(dir);

    // Assess
    expect(load).toThrow(ClientConfigError);
    expect(load).toThrow(file);
    expect(load).toThrow(/channels\.1: /);
    expect(load).toThrow(/throttling\.rateLimit: /);
  });

  it('rejects a file whose name is not its client id', () => {
    const { dir } = clientsFolder(() => {}, 'other-brand.json');
    expect(() => loadClientConfigs(dir)).toThrow(/other-brand\.json: invalid client configuration\n {2}- clientId: /);
  });

  it('fails the synth with the validation message and exit code 1, not a stack trace', () => {
    // Prepare
    const { dir, file } = clientsFolder((config) => {
      config.throttling.burstLimit = -1;
    });

    // Act
    const run = synth(dir);

    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${file}: invalid client configuration`);
    expect(run.stderr).toMatch(/throttling\.burstLimit: /);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
