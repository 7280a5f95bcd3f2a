import { signatureHeader, signWebhook } from '../../domain/webhooks';

export interface WebhookRequest {
  url: string;
  deliveryId: string;
  eventType: string;
  body: string;
}

/** What a receiver answered; `status` 0 means no answer (network error or timeout). */
export interface WebhookResponse {
  ok: boolean;
  status: number;
  error?: string;
}

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
