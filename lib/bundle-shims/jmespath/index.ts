/**
 * Stands in for `@aws-lambda-powertools/jmespath` in the Lambda bundles (the `alias` of
 * lib/bundling.ts). Powertools idempotency imports the whole JMESPath engine (lexer, parser,
 * interpreter and its function library: about 20 KB minified, parsed at every cold start of an
 * idempotent route) to evaluate the two expressions of its config; ours
 * (`idempotencyExpressions`, functions/commons/http/idempotency.ts) are top-level field names,
 * which JMESPath evaluates as a property read, `null` when absent. Anything else is refused
 * loudly rather than evaluated differently; tests/unit/jmespath-shim.test.ts checks the stand-in
 * against the real engine on the expressions we configure. The local runtime and the tests
 * (unbundled) keep the real engine.
 */
const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function search(expression: string, data: unknown): unknown {
  if (!fieldName.test(expression)) {
    throw new Error(`The bundled JMESPath stand-in reads a top-level field only, not ${JSON.stringify(expression)} (lib/bundle-shims/jmespath)`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  return (data as Record<string, unknown>)[expression] ?? null;
}
