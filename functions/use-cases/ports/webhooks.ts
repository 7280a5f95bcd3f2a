import type { WebhookTargetName } from '../../domain/webhooks';

/** One signed delivery to send. */
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

/** POSTs one delivery signed with `secret`. Never throws: the caller decides what a failure means. */
export type SendWebhook = (request: WebhookRequest, secret: string, now: Date) => Promise<WebhookResponse>;

/**
 * A request to one of the client's platforms (messaging, telephony), signed and shaped like every
 * webhook delivery (docs/webhooks.md): `data` carries the request.
 */
export type PlatformPost = (target: WebhookTargetName, request: { deliveryId: string; eventType: string; payload: unknown }) => Promise<WebhookResponse>;

/**
 * One record per (event, target): a delivery happens once although its message may come twice.
 * A sender claims it with a lease before sending.
 */
export interface WebhookDeliveries {
  /** True when this sender may send now: not delivered, and nobody else holds a live lease. */
  claim(eventId: string, target: string, now: Date, leaseSeconds: number): Promise<boolean>;
  delivered(eventId: string, target: string, at: Date, status: number): Promise<void>;
  /** The attempt failed: release the lease so the next attempt can send. */
  failed(eventId: string, target: string, status: number, error: string | undefined): Promise<void>;
}
