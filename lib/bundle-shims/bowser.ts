/**
 * Stands in for `bowser` in the Lambda bundles (the `alias` of lib/bundling.ts). `@aws-sdk/core`'s
 * client entry re-exports the browser user-agent provider, which loads bowser with `import()`;
 * nothing on Node calls it, but a build with code splitting turns every `import()` into a chunk,
 * so each function would ship a 34 KB browser parser it never loads.
 */
export function parse(): never {
  throw new Error('bowser is left out of the Lambda bundles (lib/bundle-shims/bowser.ts): no browser user agent is parsed on Lambda.');
}
