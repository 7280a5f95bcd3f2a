import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../functions/domain/webhooks';

/**
 * The verification samples of docs/webhooks.md, extracted from the page as a receiver would copy
 * them, run against a good delivery, forged ones and malformed headers. A sample that throws on
 * a malformed header would turn a refusal into a receiver's 500.
 */
const page = readFileSync(join(import.meta.dirname, '../../docs/webhooks.md'), 'utf8');
const sample = (label: string, language: string) => {
  const match = new RegExp(`${label}:\\n\\n\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``).exec(page);
  if (!match) throw new Error(`docs/webhooks.md has no ${language} sample after "${label}:"`);
  return match[1]!;
};

const secret = 'telephony-secret-0123456789';
const body = '{"deliveryId":"cb_1.1","target":"telephony","type":"CallbackDue.v1","data":{"callbackId":"cb_1"}}';
const now = new Date();
const cases: { name: string; header: string | null; body?: string; expected: boolean }[] = [
  { name: 'good', header: signWebhook(secret, body, now), expected: true },
  { name: 'signed with another target secret', header: signWebhook('messaging-secret-0123456789', body, now), expected: false },
  { name: 'body changed', header: signWebhook(secret, body, now), body: body.replace('cb_1', 'cb_2'), expected: false },
  { name: 'stale', header: signWebhook(secret, body, new Date(now.getTime() - 10 * 60_000)), expected: false },
  { name: 'missing', header: null, expected: false },
  { name: 'empty', header: '', expected: false },
  { name: 'no equals sign', header: 'garbage', expected: false },
  { name: 'separators only', header: ',,=,', expected: false },
  { name: 'timestamp not a number', header: 't=abc,v1=00', expected: false },
  { name: 'no timestamp', header: 'v1=abcdef', expected: false },
  { name: 'no v1', header: `t=${Math.floor(now.getTime() / 1000)}`, expected: false },
  { name: 'empty values', header: 't=,v1=', expected: false },
  { name: 'v1 not hex', header: `t=${Math.floor(now.getTime() / 1000)},v1=zz`, expected: false },
  { name: 'v1 not ASCII', header: `t=${Math.floor(now.getTime() / 1000)},v1=é`, expected: false },
];

const dir = mkdtempSync(join(tmpdir(), 'webhook-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/webhooks.md: verification samples', () => {
  it('Python: accepts the good delivery, refuses forged and malformed ones without raising', () => {
    // Prepare
    writeFileSync(join(dir, 'sample.py'), sample('Python', 'python'));
    writeFileSync(
      join(dir, 'harness.py'),
      [
        'import json, sys',
        'sys.path.insert(0, sys.argv[1])',
        'from sample import verify',
        'results = {}',
        'for case in json.load(sys.stdin):',
        '    try:',
        '        results[case["name"]] = verify(case["secret"].encode(), case["body"].encode(), case["header"])',
        '    except Exception as error:',
        '        results[case["name"]] = f"raised {type(error).__name__}: {error}"',
        'print(json.dumps(results))',
      ].join('\n'),
    );

    // Act
    const run = spawnSync('python3', [join(dir, 'harness.py'), dir], {
      input: JSON.stringify(cases.map((c) => ({ ...c, secret, body: c.body ?? body }))),
      encoding: 'utf8',
    });

    // Assess
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(Object.fromEntries(cases.map((c) => [c.name, c.expected])));
  });

  it('Node.js: accepts the good delivery, refuses forged and malformed ones without throwing', async () => {
    // Prepare
    const file = join(dir, 'sample.mjs');
    writeFileSync(file, sample('Node.js', 'js'));
    const { verify } = (await import(pathToFileURL(file).href)) as { verify: (secret: string, rawBody: string, header: string | undefined) => boolean };

    // Act
    const results = Object.fromEntries(
      cases.map((c) => {
        try {
          return [c.name, verify(secret, c.body ?? body, c.header ?? undefined)];
        } catch (error) {
          return [c.name, `threw ${String(error)}`];
        }
      }),
    );

    // Assess
    expect(results).toEqual(Object.fromEntries(cases.map((c) => [c.name, c.expected])));
  });
});
