import { targetsOf, type WebhookTargetName } from '../domain/webhooks';
import type { SendWebhook, WebhookDeliveries } from './ports/webhooks';

/** A support event as the bus delivers it (EventBridge's SQS target sends the whole event). */
export interface BusEnvelope {
  'detail-type': string;
  source: string;
  time: string;
  detail: { metadata: { eventId: string; eventType: string; occurredAt: string; clientId: string; correlationId: string }; data: unknown };
}

export interface WebhookDependencies {
  deliveries: WebhookDeliveries;
  /** Target → URL, for the targets the client configured. */
  targets: Partial<Record<WebhookTargetName, string>>;
  /** The target's own signing secret. */
  secret: (target: WebhookTargetName) => Promise<string>;
  send: SendWebhook;
  now: () => Date;
}

/** Some target did not take the delivery: the message must come back later (with backoff). */
export class WebhookDeliveryFailed extends Error {
  override readonly name = 'WebhookDeliveryFailed';
}

/** Longer than one send can take (its timeout), so a live sender is never raced. */
const leaseSeconds = 30;

/**
 * Delivers one event to every configured target that subscribes to it, once each. Primary
 * course: for each target, claim it (refused if already delivered or being sent); POST the signed body; record
 * the outcome. A failed target makes the whole message fail (it comes back later) while the
 * targets already served are not served again.
 */
export async function deliverEvent(deps: WebhookDependencies, event: BusEnvelope): Promise<{ delivered: WebhookTargetName[]; skipped: WebhookTargetName[] }> {
  const { eventId, eventType } = event.detail.metadata;
  const eventName = eventType.replace(/\.v\d+$/, '');
  const delivered: WebhookTargetName[] = [];
  const skipped: WebhookTargetName[] = [];
  const failures: string[] = [];
  for (const target of targetsOf(eventName)) {
    const url = deps.targets[target];
    if (!url) continue; // The client did not configure this target.
    // The claim refuses a delivered target and one another sender holds: nothing to read first.
    if (!(await deps.deliveries.claim(eventId, target, deps.now(), leaseSeconds))) {
      skipped.push(target);
      continue;
    }
    const body = JSON.stringify({
      deliveryId: `${eventId}.${target}`,
      target,
      type: eventType,
      occurredAt: event.detail.metadata.occurredAt,
      clientId: event.detail.metadata.clientId,
      data: event.detail.data,
    });
    const now = deps.now();
    const response = await deps.send({ url, deliveryId: `${eventId}.${target}`, eventType, body }, await deps.secret(target), now);
    if (response.ok) {
      await deps.deliveries.delivered(eventId, target, now, response.status);
      delivered.push(target);
    } else {
      await deps.deliveries.failed(eventId, target, response.status, response.error);
      failures.push(`${target}: ${response.error ?? `HTTP ${response.status}`}`);
    }
  }
  if (failures.length) throw new WebhookDeliveryFailed(`Event ${eventId}: ${failures.join('; ')}`);
  return { delivered, skipped };
}
