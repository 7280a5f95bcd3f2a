/**
 * Stands in for `@aws-sdk/middleware-endpoint-discovery` in the Lambda bundles (the `alias` of
 * lib/bundling.ts). The DynamoDB client still resolves an endpoint-discovery configuration,
 * which builds an LRU endpoint cache (`@aws-sdk/endpoint-cache` and `mnemonist`, about 9 KB
 * minified), but none of its commands carries the discovery middleware any more: nothing reads
 * that cache. The bundles resolve discovery as off, whatever the environment says, and build
 * no cache; the local runtime (unbundled) keeps the real package.
 */
export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
  environmentVariableSelector: (): undefined => undefined,
  configFileSelector: (): undefined => undefined,
  default: undefined,
};

export function resolveEndpointDiscoveryConfig<T extends object>(input: T, { endpointDiscoveryCommandCtor }: { endpointDiscoveryCommandCtor: unknown }) {
  return Object.assign(input, {
    endpointDiscoveryCommandCtor,
    endpointDiscoveryEnabled: () => Promise.resolve(false),
    isClientEndpointDiscoveryEnabled: false,
  });
}
