import { type WebhookTargetName, webhookSecretVariables } from '../../domain/webhooks';

/**
 * The signing secret of one webhook target. On AWS it is a Secrets Manager secret of the stack,
 * fetched once and cached for 5 minutes (a rotation reaches every function within that); the
 * local runtime, which has no Secrets Manager, passes the value itself. A function only has the
 * variables of the targets it is declared to deliver to (functions/definition/functions.ts).
 */
export async function webhookSigningSecret(target: WebhookTargetName): Promise<string> {
  const variables = webhookSecretVariables(target);
  const value = process.env[variables.value];
  if (value) return value;
  const arn = process.env[variables.arn];
  if (!arn) throw new Error(`${variables.arn} is not set: the function was deployed without access to the ${target} signing secret`);
  // Imported on first use: the Secrets Manager client (17 KB) is then a chunk of its own
  // (lib/bundling.ts), parsed by the first fetch of an instance instead of by every cold start.
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const secret = await getSecret(arn, { maxAge: 300 });
  if (typeof secret !== 'string' || secret.length === 0) throw new Error(`The ${target} webhook signing secret is empty`);
  return secret;
}
