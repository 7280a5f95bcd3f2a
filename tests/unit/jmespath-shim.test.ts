import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { idempotencyExpressions } from '../../functions/commons/http/idempotency';
import { search as standIn } from '../../lib/bundle-shims/jmespath';

type Search = (expression: string, data: unknown) => unknown;

describe('The JMESPath stand-in of the Lambda bundles (lib/bundle-shims/jmespath)', () => {
  let engine: Search;

  beforeAll(async () => {
    // The engine Powertools idempotency itself depends on (its own copy, under its node_modules).
    const fromIdempotency = createRequire(createRequire(import.meta.url).resolve('@aws-lambda-powertools/idempotency'));
    engine = (await import(pathToFileURL(fromIdempotency.resolve('@aws-lambda-powertools/jmespath')).href)).search;
  });

  const calls = [
    { key: { issuer: 'https://issuer', subject: 'u1', key: 'k-1' }, payload: { body: { a: 1 }, query: undefined } },
    { key: null, payload: { body: null, query: { from: '2026-12-01' } } },
    { payload: { body: [1, 2] } },
    {},
  ];

  it('selects what the real engine selects for each expression the idempotency config uses', () => {
    for (const expression of Object.values(idempotencyExpressions)) {
      for (const call of calls) expect(standIn(expression, call)).toEqual(engine(expression, call));
    }
  });

  it('answers null, as JMESPath does, for a field of something that is not an object', () => {
    for (const data of [null, 'text', 3, ['key']]) expect(standIn('key', data)).toEqual(engine('key', data));
  });

  it('refuses an expression it cannot evaluate as the engine would, instead of answering differently', () => {
    expect(() => standIn('payload.body', { payload: { body: 1 } })).toThrow(/top-level field only/);
    expect(() => standIn('powertools_json(body).id', {})).toThrow(/top-level field only/);
  });
});
