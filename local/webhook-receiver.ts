import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureHeader, verifyWebhook } from '../functions/domain/webhooks';

/**
 * What the client's platforms would receive: a local HTTP endpoint per webhook target that
 * verifies each delivery as a real receiver must (signature, freshness) and keeps what it got,
 * so a front-end developer sees the whole loop on one machine and tests can assert on it.
 */
export interface ReceivedWebhook {
  target: string;
  deliveryId: string;
  eventType: string;
  body: { deliveryId: string; target: string; type: string; occurredAt: string; clientId: string; data: Record<string, unknown> };
  receivedAt: string;
}

export interface WebhookReceiver {
  url: string;
  /** Deliveries accepted (valid signature, fresh), in arrival order. */
  received(): ReceivedWebhook[];
  /** Deliveries refused, with why. */
  refused(): { target: string; reason: string }[];
  /** The next `count` deliveries to `target` get a 503, as a receiver that is down would answer. */
  failNext(target: string, count: number): void;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(options: { secret: string; port?: number; log?: (line: string) => void }): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const refused: { target: string; reason: string }[] = [];
  const failures = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = (req.url ?? '/').slice(1);
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers[signatureHeader];
      const check = verifyWebhook(options.secret, body, Array.isArray(header) ? header[0] : header, new Date());
      if (!check.valid) {
        refused.push({ target, reason: check.reason });
        options.log?.(`webhook          ${target}  refused: ${check.reason}`);
        res.writeHead(401).end();
        return;
      }
      const failing = failures.get(target) ?? 0;
      if (failing > 0) {
        failures.set(target, failing - 1);
        options.log?.(`webhook          ${target}  answered 503 (simulated outage)`);
        res.writeHead(503).end();
        return;
      }
      const delivery: ReceivedWebhook = {
        target,
        deliveryId: String(req.headers['support-delivery-id'] ?? ''),
        eventType: String(req.headers['support-event-type'] ?? ''),
        body: JSON.parse(body) as ReceivedWebhook['body'],
        receivedAt: new Date().toISOString(),
      };
      received.push(delivery);
      options.log?.(`webhook          ${target}  ${delivery.eventType}  ${JSON.stringify(delivery.body.data)}`);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => [...received],
    refused: () => [...refused],
    failNext: (target, count) => void failures.set(target, count),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // Senders keep connections alive.
      }),
  };
}
