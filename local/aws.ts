/**
 * Region and credentials for the SDK clients that talk to the local parts. DynamoDB Local runs
 * with -sharedDb, so every credential and region sees the same data anyway.
 */
export const localRegion = 'eu-west-3';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localAwsClientConfig(endpoint: string) {
  return { endpoint, region: localRegion, credentials: localCredentials };
}
