import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of biome.json (principle 8 of DESIGN.md), held to what they promise: each case
 * puts one import in a file of one layer of a scratch tree that has the repository's biome.json,
 * and Biome must refuse it (noRestrictedImports) or let it through. `npm test` lints the real
 * tree with the same configuration (`biome ci`), so a rule that stopped refusing what it should
 * would let the real tree drift without anyone noticing; this test notices.
 */
const cases: readonly { file: string; from: string; refused: boolean }[] = [
  // functions/ never reaches CDK, the local runtime, the benchmarks or the tests.
  { file: 'functions/api/a.ts', from: '../../lib/stack/support-stack', refused: true },
  { file: 'functions/api/a.ts', from: '../../local/runtime', refused: true },
  { file: 'functions/workers/a.ts', from: '../../bench/run', refused: true },
  { file: 'functions/relay/a.ts', from: '../../tests/helpers/runtime', refused: true },
  { file: 'functions/api/a.ts', from: 'aws-cdk-lib', refused: true },
  { file: 'functions/commons/http/a.ts', from: '../../../lib/definition/environment', refused: true },
  // Entry points may use everything of functions/.
  { file: 'functions/api/a.ts', from: '../use-cases/cases', refused: false },
  { file: 'functions/workers/a.ts', from: '../adapters/sqs/queue-depth', refused: false },
  // Shared code serves the entry points, never imports them.
  { file: 'functions/commons/http/a.ts', from: '../../api/health', refused: true },
  { file: 'functions/commons/worker/a.ts', from: '../../workers/dispatcher', refused: true },
  // The domain imports only the domain.
  { file: 'functions/domain/a.ts', from: './cases', refused: false },
  { file: 'functions/domain/a.ts', from: 'zod/mini', refused: false },
  // Lambda code writes its schemas with zod/mini: zod classic would bring all of zod into every bundle.
  { file: 'functions/domain/a.ts', from: 'zod', refused: true },
  { file: 'functions/contracts/a.ts', from: 'zod', refused: true },
  { file: 'functions/contracts/a.ts', from: 'zod/mini', refused: false },
  { file: 'functions/domain/a.ts', from: '../adapters/dynamodb/keys', refused: true },
  { file: 'functions/domain/a.ts', from: '../use-cases/errors', refused: true },
  { file: 'functions/domain/a.ts', from: '@aws-sdk/lib-dynamodb', refused: true },
  // Use cases: the domain and their ports, nothing else.
  { file: 'functions/use-cases/a.ts', from: '../domain/cases', refused: false },
  { file: 'functions/use-cases/a.ts', from: './ports/cases', refused: false },
  { file: 'functions/use-cases/a.ts', from: '../adapters/dynamodb/case-store', refused: true },
  { file: 'functions/use-cases/a.ts', from: '../commons/http/problem', refused: true },
  { file: 'functions/use-cases/a.ts', from: '../commons/settings', refused: true },
  { file: 'functions/use-cases/a.ts', from: '@aws-sdk/client-sqs', refused: true },
  { file: 'functions/use-cases/ports/a.ts', from: '../../domain/cases', refused: false },
  { file: 'functions/use-cases/ports/a.ts', from: '../cases', refused: true },
  // Adapters implement ports; they never call a use case or the HTTP layer.
  { file: 'functions/adapters/dynamodb/a.ts', from: '../../use-cases/ports/cases', refused: false },
  { file: 'functions/adapters/dynamodb/a.ts', from: '@aws-sdk/lib-dynamodb', refused: false },
  { file: 'functions/adapters/dynamodb/a.ts', from: '../../use-cases/cases', refused: true },
  { file: 'functions/adapters/dynamodb/a.ts', from: '../../commons/http/problem', refused: true },
  // The declaration depends on the domain and the contracts only.
  { file: 'functions/definition/a.ts', from: '../domain/roles', refused: false },
  { file: 'functions/definition/a.ts', from: '../use-cases/cases', refused: true },
  { file: 'functions/definition/a.ts', from: '../adapters/dynamodb/keys', refused: true },
  // The contracts derive from the domain.
  { file: 'functions/contracts/a.ts', from: '../domain/cases', refused: false },
  { file: 'functions/contracts/a.ts', from: '../use-cases/cases', refused: true },
  // The front ends use the public API only: the typed client, never the backend's code.
  { file: 'web/src/widget/a.ts', from: '../api/client', refused: false },
  { file: 'web/src/widget/a.ts', from: 'preact', refused: false },
  { file: 'web/src/widget/a.ts', from: '../../../functions/domain/channels', refused: true },
  { file: 'web/src/widget/a.ts', from: '../../../local/runtime', refused: true },
];

const biome = resolve(import.meta.dirname, '../../node_modules/@biomejs/biome/bin/biome');
let scratch: string;
let refusedFiles: Set<string>;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'layers-'));
  const config = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../biome.json'), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
  cases.forEach((c, i) => {
    const file = join(scratch, c.file.replace(/a\.ts$/, `case${i}.ts`));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `import { x } from '${c.from}';\n\nexport const y = x;\n`);
  });
  const run = spawnSync(process.execPath, [biome, 'lint', '--vcs-enabled=false', '--reporter=json', '--max-diagnostics=none', '.'], {
    cwd: scratch,
    encoding: 'utf8',
  });
  const report = JSON.parse(run.stdout) as { diagnostics: { category: string; location: { path: string } }[] };
  refusedFiles = new Set(report.diagnostics.filter((d) => d.category === 'lint/style/noRestrictedImports').map((d) => d.location.path));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Layer rules (biome.json)', () => {
  it.each(cases.map((c, i) => ({ ...c, i })))('$file importing $from: refused=$refused', ({ file, i, refused }) => {
    expect(refusedFiles.has(file.replace(/a\.ts$/, `case${i}.ts`))).toBe(refused);
  });
});
