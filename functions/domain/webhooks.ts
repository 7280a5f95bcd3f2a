import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EventName } from './events';

/**
 * Webhooks: how the backend tells the client's own platforms what happened. Each target is a URL
 * in the client config; each subscribes to events of the catalog. Deliveries are signed so the
 * receiver knows they come from this stack and are fresh (docs/webhooks.md).
 */
export const webhookTargets = ['workforce', 'supervisor', 'messaging', 'telephony'] as const;
export type WebhookTargetName = (typeof webhookTargets)[number];

/** Which events each target receives: the bus rule and the delivery worker both derive from this. */
export const webhookSubscriptions: Record<WebhookTargetName, readonly EventName[]> = {
  /** The workforce or ticketing platform: who must now pick the case up; and whom to erase from its own records. */
  workforce: ['EscalationAssigned', 'CustomerErased'],
  /** Supervisors: an SLA was missed and the case was re-escalated; a customer answered a survey with a low score; a surge of contacts (a weak signal) was detected. */
  supervisor: ['SlaBreached', 'SurveyDetractor', 'SurgeDetected'],
  /**
   * The messaging and telephony platforms need a phone number or an address, which events never
   * carry: the notification and callback workers send them their requests directly (same signature).
   */
  messaging: [],
  telephony: [],
};

/** The targets that hear about events (the webhook worker delivers to these). */
export const subscribedTargets = webhookTargets.filter((target) => webhookSubscriptions[target].length > 0);

/**
 * Each target has a signing secret of its own, so a receiver that holds one (say, messaging)
 * cannot forge a delivery to another (telephony). These environment variables carry it to the
 * functions that deliver to that target, and to no other: its Secrets Manager ARN on AWS, the
 * value itself in the local runtime.
 */
export function webhookSecretVariables(target: WebhookTargetName): { readonly arn: string; readonly value: string } {
  const suffix = target.toUpperCase();
  return { arn: `WEBHOOK_SECRET_ARN_${suffix}`, value: `WEBHOOK_SECRET_${suffix}` };
}

export function targetsOf(eventName: string): WebhookTargetName[] {
  return webhookTargets.filter((target) => (webhookSubscriptions[target] as readonly string[]).includes(eventName));
}

export const signatureHeader = 'support-signature';
/** Receivers should refuse older deliveries: a captured request cannot be replayed later. */
export const signatureToleranceSeconds = 300;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is signed with the
 * body, so neither can be changed or reused apart.
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type SignatureCheck = { valid: true } | { valid: false; reason: 'malformed' | 'stale' | 'mismatch' };

/** What a receiver does (the local receiver uses it; docs/webhooks.md shows it for other languages). */
export function verifyWebhook(secret: string, body: string, header: string | undefined, now: Date): SignatureCheck {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1) return { valid: false, reason: 'malformed' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > signatureToleranceSeconds) return { valid: false, reason: 'stale' };
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? { valid: true } : { valid: false, reason: 'mismatch' };
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Backoff between attempts of one delivery: 10 s, 20 s, 40 s … (from `baseSeconds`) capped at 15 minutes. */
export function retryDelaySeconds(attempt: number, baseSeconds = 10): number {
  return Math.min(900, baseSeconds * 2 ** Math.max(0, attempt - 1));
}
