import { signatureHeader, signWebhook } from '../../domain/webhooks';
import type { WebhookRequest, WebhookResponse } from '../../use-cases/ports/webhooks';

/** A receiver that takes longer is treated as down: the delivery is retried later. */
const timeoutMs = 10_000;

/** POSTs one signed delivery. Never throws: the caller decides what a failure means. */
export async function sendWebhook(request: WebhookRequest, secret: string, now: Date): Promise<WebhookResponse> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'support-backend-webhooks/1',
        'support-delivery-id': request.deliveryId,
        'support-event-type': request.eventType,
        [signatureHeader]: signWebhook(secret, request.body, now),
      },
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    await response.body?.cancel();
    return { ok: response.ok, status: response.status };
  } catch (error) {
    return { ok: false, status: 0, error: error instanceof Error ? error.message : String(error) };
  }
}
