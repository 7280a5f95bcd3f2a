import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (the `alias` of
 * lib/bundling.ts). Every AWS SDK client imports that package's `defaultProvider`: the whole
 * default chain (ini files, SSO, STS web identity, process, container and instance metadata) with
 * the SSO and STS clients it builds (`@aws-sdk/nested-clients`), about 90 KB minified that a
 * cold start parses for nothing. On Lambda the first link of that chain always answers: the
 * runtime puts the function role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN. So the bundles resolve credentials from the environment only, as the
 * default chain does there; the local runtime (unbundled) keeps the real chain.
 */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
