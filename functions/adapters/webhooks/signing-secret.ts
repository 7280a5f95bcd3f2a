import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { settings } from '../../commons/settings';

/**
 * The webhook signing secret. On AWS it is a Secrets Manager secret of the stack, fetched once
 * and cached for 5 minutes (a rotation reaches every function within that); the local runtime,
 * which has no Secrets Manager, passes the value itself.
 */
export async function webhookSigningSecret(): Promise<string> {
  const { WEBHOOK_SECRET, WEBHOOK_SECRET_ARN } = settings();
  if (WEBHOOK_SECRET) return WEBHOOK_SECRET;
  if (!WEBHOOK_SECRET_ARN) throw new Error('WEBHOOK_SECRET_ARN is not set: the function was deployed without the webhook access it needs');
  const secret = await getSecret(WEBHOOK_SECRET_ARN, { maxAge: 300 });
  if (typeof secret !== 'string' || secret.length === 0) throw new Error('The webhook signing secret is empty');
  return secret;
}
