import { required, settings } from '../../commons/settings';
import type { WebhookTargetName } from '../../domain/webhooks';
import { webhookSigningSecret } from './signing-secret';
import { sendWebhook, type WebhookResponse } from './webhook-sender';

/**
 * A request to one of the client's platforms (messaging, telephony), signed and shaped like every
 * webhook delivery (docs/webhooks.md): `data` carries the request.
 */
export type PlatformPost = (target: WebhookTargetName, request: { deliveryId: string; eventType: string; payload: unknown }) => Promise<WebhookResponse>;

export const postToPlatform: PlatformPost = async (target, { deliveryId, eventType, payload }) => {
  const url = required('WEBHOOK_TARGETS')[target];
  if (!url) throw new Error(`webhooks.${target} is not configured for this client: nothing can be sent to it`);
  const now = new Date();
  const body = JSON.stringify({ deliveryId, target, type: eventType, occurredAt: now.toISOString(), clientId: settings().CLIENT_ID, data: payload });
  return sendWebhook({ url, deliveryId, eventType, body }, await webhookSigningSecret(target), now);
};
