import { required, settings } from '../../commons/settings';
import { webhookSigningSecret } from './signing-secret';
import type { PlatformPost } from '../../use-cases/ports/webhooks';
import { sendWebhook } from './webhook-sender';

export const postToPlatform: PlatformPost = async (target, { deliveryId, eventType, payload }) => {
  const url = required('WEBHOOK_TARGETS')[target];
  if (!url) throw new Error(`webhooks.${target} is not configured for this client: nothing can be sent to it`);
  const now = new Date();
  const body = JSON.stringify({ deliveryId, target, type: eventType, occurredAt: now.toISOString(), clientId: settings().CLIENT_ID, data: payload });
  return sendWebhook({ url, deliveryId, eventType, body }, await webhookSigningSecret(target), now);
};
