import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureHeader, verifyWebhook, type WebhookTargetName, webhookTargets } from '../functions/domain/webhooks';

/**
 * What the client's platforms would receive: a local HTTP endpoint per webhook target
 * (`POST /<target>`) that verifies each delivery as a real receiver must (its own target's
 * secret, freshness) and keeps what it got, so a front-end developer sees the whole loop on one
 * machine and tests can assert on it. `GET /_local/webhooks` lists every delivery it accepted
 * or refused; it exists in the local runtime only (nothing like it is deployed).
 */
export interface ReceivedWebhook {
  target: string;
  /** The signed body's `deliveryId` (the one to deduplicate by). */
  deliveryId: string;
  eventType: string;
  body: { deliveryId: string; target: string; type: string; occurredAt: string; clientId: string; data: Record<string, unknown> };
  receivedAt: string;
}

/** One POST as the receiver judged it, in the `GET /_local/webhooks` list. */
export interface DeliveryRecord {
  target: string;
  /** From the signed body when verified; as claimed (body, else header) when refused. */
  deliveryId: string;
  eventType: string;
  /** `accepted`: verified and taken (204); `refused`: not verified (401, or 404 for an unknown target); `failed`: verified, but a simulated outage answered 503. */
  outcome: 'accepted' | 'refused' | 'failed';
  verified: boolean;
  /** Why it was refused (`malformed`, `stale`, `mismatch`, `unknown-target`) or failed (`simulated-outage`). */
  reason?: string;
  status: number;
  receivedAt: string;
}

export interface WebhookReceiver {
  url: string;
  /** Deliveries accepted (valid signature, fresh), in arrival order. */
  received(): ReceivedWebhook[];
  /** Deliveries refused, with why. */
  refused(): { target: string; reason: string }[];
  /** Every delivery, accepted, refused or failed, in arrival order (what `GET /_local/webhooks` answers). */
  deliveries(): DeliveryRecord[];
  /** The next `count` deliveries to `target` get a 503, as a receiver that is down would answer. */
  failNext(target: string, count: number): void;
  stop(): Promise<void>;
}

export const deliveriesPath = '/_local/webhooks';

export async function startWebhookReceiver(options: {
  secrets: Readonly<Record<WebhookTargetName, string>>;
  port?: number;
  log?: (line: string) => void;
}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const records: DeliveryRecord[] = [];
  const failures = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path === deliveriesPath) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ deliveries: records }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = path.slice(1);
      const raw = Buffer.concat(chunks).toString('utf8');
      const receivedAt = new Date().toISOString();
      const claimed = claimedIds(raw, req.headers);
      const record = (outcome: DeliveryRecord['outcome'], status: number, reason?: string, ids = claimed, data?: unknown) => {
        records.push({ target, ...ids, outcome, verified: outcome !== 'refused', ...(reason ? { reason } : {}), status, receivedAt });
        options.log?.(
          consoleLine(target, ids.deliveryId, ids.eventType, outcome === 'accepted' ? `verified ${JSON.stringify(data)}` : `${outcome} (${reason})`),
        );
        res.writeHead(status).end();
      };
      if (req.method !== 'POST' || !(webhookTargets as readonly string[]).includes(target)) return record('refused', 404, 'unknown-target');
      const header = req.headers[signatureHeader];
      // Each target is checked with its own secret: a delivery signed for messaging is not one for telephony.
      const check = verifyWebhook(options.secrets[target as WebhookTargetName], raw, Array.isArray(header) ? header[0] : header, new Date());
      if (!check.valid) return record('refused', 401, check.reason);
      const body = JSON.parse(raw) as ReceivedWebhook['body'];
      const signed = { deliveryId: String(body.deliveryId ?? ''), eventType: String(body.type ?? '') };
      const failing = failures.get(target) ?? 0;
      if (failing > 0) {
        failures.set(target, failing - 1);
        return record('failed', 503, 'simulated-outage', signed);
      }
      received.push({ target, ...signed, body, receivedAt });
      record('accepted', 204, undefined, signed, body.data);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => [...received],
    refused: () => records.filter((r) => r.outcome === 'refused').map((r) => ({ target: r.target, reason: r.reason! })),
    deliveries: () => [...records],
    failNext: (target, count) => void failures.set(target, count),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // Senders keep connections alive.
      }),
  };
}

/**
 * The line `npm start` prints per delivery (documented in the README, "Webhooks"):
 * `webhook          <target>  <deliveryId>  <eventType>  verified <data as JSON>`, or
 * `… refused (<why>)`, or `… failed (simulated-outage)`; `-` for an id a request did not carry.
 */
function consoleLine(target: string, deliveryId: string, eventType: string, verdict: string): string {
  return `webhook          ${target}  ${deliveryId || '-'}  ${eventType || '-'}  ${verdict}`;
}

/** What an unverified request says it is: the body's ids if it parses, else the (unsigned) headers. */
function claimedIds(raw: string, headers: NodeJS.Dict<string | string[]>): { deliveryId: string; eventType: string } {
  const header = (name: string) => String([headers[name]].flat()[0] ?? '');
  try {
    const body = JSON.parse(raw) as { deliveryId?: unknown; type?: unknown };
    return {
      deliveryId: typeof body.deliveryId === 'string' ? body.deliveryId : header('support-delivery-id'),
      eventType: typeof body.type === 'string' ? body.type : header('support-event-type'),
    };
  } catch {
    return { deliveryId: header('support-delivery-id'), eventType: header('support-event-type') };
  }
}
