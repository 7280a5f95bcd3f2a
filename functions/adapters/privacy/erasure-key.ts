import { createHmac } from 'node:crypto';

/**
 * The request id of a customer's erasure: an HMAC-SHA256 of the customer id with the client's
 * erasure key, so the erasure record proves the erasure was done without naming whom, and a second
 * request for the same customer finds the first. On AWS the key is a Secrets Manager secret of the
 * stack (ERASURE_KEY_ARN), fetched once and cached 5 minutes; locally a dev value (ERASURE_KEY).
 */
export async function erasureRequestId(customerId: string): Promise<string> {
  const key = await erasureKey();
  return `era_${createHmac('sha256', key).update(customerId).digest('base64url')}`;
}

async function erasureKey(): Promise<string> {
  const value = process.env.ERASURE_KEY;
  if (value) return value;
  const arn = process.env.ERASURE_KEY_ARN;
  if (!arn) throw new Error('ERASURE_KEY_ARN is not set: the function was deployed without access to the erasure key');
  // Imported on first use: the Secrets Manager client (17 KB) is then a chunk of its own
  // (lib/bundling.ts), parsed by the first fetch of an instance instead of by every cold start.
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const secret = await getSecret(arn, { maxAge: 300 });
  if (typeof secret !== 'string' || secret.length === 0) throw new Error('The erasure key is empty');
  return secret;
}
